using Npgsql;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Webhooks;

/// <summary>
/// Webhook tests get a database of their own with two server instances on it, configured for quick feedback (retries
/// after 300 ms, 3 s attempt timeout), and one loopback receiver. Their own database keeps the main fixture's instance
/// (default retry schedule) from taking part in their deliveries.
/// </summary>
public sealed class WebhookFixture : IAsyncLifetime
{
    public static readonly IReadOnlyDictionary<string, string> FastRetries = new Dictionary<string, string>
    {
        ["PaymentRecords:Webhooks:RetrySchedule"] = "300ms,300ms,300ms",
        ["PaymentRecords:Webhooks:TimeoutSeconds"] = "3",
        ["PaymentRecords:Webhooks:LeaseMarginSeconds"] = "2",
        ["PaymentRecords:Webhooks:PollSeconds"] = "1",
    };

    private string _serverConnection = "";

    public string DatabaseName { get; } = "pr_test_hooks_" + Guid.NewGuid().ToString("N")[..10];
    public string ConnectionString { get; private set; } = "";
    public string ServerConnectionString => _serverConnection;
    public TestServer Server { get; private set; } = null!;
    public TestServer Second { get; private set; } = null!;
    public WebhookReceiver Receiver { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _serverConnection = await TestDatabaseSource.GetServerConnectionStringAsync();
        ConnectionString = new NpgsqlConnectionStringBuilder(_serverConnection) { Database = DatabaseName }.ConnectionString;
        Server = await TestServer.StartAsync(ConnectionString, FastRetries);
        Second = await TestServer.StartAsync(ConnectionString, FastRetries);
        Receiver = await WebhookReceiver.StartAsync();
    }

    public StripeTestClient Client(string? apiKey = null) => new(Server.BaseAddress, apiKey ?? ServerFixture.NewKey());

    public async Task DisposeAsync()
    {
        if (Receiver is not null) await Receiver.DisposeAsync();
        if (Second is not null) await Second.DisposeAsync();
        if (Server is not null) await Server.DisposeAsync();
        await DropDatabaseAsync(_serverConnection, DatabaseName);
    }

    public static Task DropDatabaseAsync(string serverConnection, string name) => TestDatabaseSource.DropDatabaseAsync(serverConnection, name);
}

[CollectionDefinition(Name)]
public sealed class WebhookCollection : ICollectionFixture<WebhookFixture>
{
    public const string Name = "webhooks";
}
