using Npgsql;

namespace PaymentRecords.IntegrationTests.Infrastructure;

/// <summary>
/// A fresh database for the test run (created on the server the environment or Testcontainers gives, dropped
/// at the end) with one server on it, and a second instance started on demand for cross-instance races.
/// Tests isolate themselves by using a fresh API key each: every key is its own account.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private string _serverConnection = "";
    private TestServer? _second;
    private readonly SemaphoreSlim _secondLock = new(1, 1);

    public string DatabaseName { get; } = "pr_test_" + Guid.NewGuid().ToString("N")[..12];
    public string ConnectionString { get; private set; } = "";
    public TestServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _serverConnection = await TestDatabaseSource.GetServerConnectionStringAsync();
        ConnectionString = new NpgsqlConnectionStringBuilder(_serverConnection) { Database = DatabaseName }.ConnectionString;
        Server = await TestServer.StartAsync(ConnectionString);
    }

    /// <summary>A second server instance on the same database.</summary>
    public async Task<TestServer> SecondServerAsync()
    {
        await _secondLock.WaitAsync();
        try
        {
            return _second ??= await TestServer.StartAsync(ConnectionString);
        }
        finally
        {
            _secondLock.Release();
        }
    }

    public StripeTestClient Client(string? apiKey = null) => new(Server.BaseAddress, apiKey ?? NewKey());

    public static string NewKey() => "sk_test_" + Guid.NewGuid().ToString("N");

    public async Task DisposeAsync()
    {
        if (_second is not null) await _second.DisposeAsync();
        if (Server is not null) await Server.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        var maintenance = new NpgsqlConnectionStringBuilder(_serverConnection) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "server";
}
