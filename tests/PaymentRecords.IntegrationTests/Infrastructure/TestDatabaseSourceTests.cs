using Npgsql;

namespace PaymentRecords.IntegrationTests.Infrastructure;

public sealed class TestDatabaseSourceTests
{
    private const string Connection = "Host=127.0.0.1;Port=5433;Username=postgres;Password=postgres;Database=paymentrecords";

    [Fact]
    public void EnvironmentConnectionStringWinsWhenDockerIsMissing()
    {
        var choice = TestDatabaseSource.Choose(Connection, dockerEngineAnswers: false);

        var fromEnvironment = Assert.IsType<DatabaseChoice.FromEnvironment>(choice);
        Assert.Equal(Connection, fromEnvironment.ConnectionString);
    }

    [Fact]
    public void EnvironmentConnectionStringWinsOverDocker()
    {
        var choice = TestDatabaseSource.Choose(Connection, dockerEngineAnswers: true);

        var fromEnvironment = Assert.IsType<DatabaseChoice.FromEnvironment>(choice);
        Assert.Equal(Connection, fromEnvironment.ConnectionString);
    }

    [Fact]
    public void EnvironmentConnectionStringIsTrimmed()
    {
        var choice = TestDatabaseSource.Choose("  " + Connection + "\n", dockerEngineAnswers: false);

        Assert.Equal(Connection, Assert.IsType<DatabaseChoice.FromEnvironment>(choice).ConnectionString);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void NoConnectionStringAndDockerAnswersUsesTestcontainers(string? env)
    {
        var choice = TestDatabaseSource.Choose(env, dockerEngineAnswers: true);

        Assert.IsType<DatabaseChoice.Testcontainers>(choice);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void NoConnectionStringAndNoDockerIsUnavailable(string? env)
    {
        var choice = TestDatabaseSource.Choose(env, dockerEngineAnswers: false);

        var unavailable = Assert.IsType<DatabaseChoice.Unavailable>(choice);
        Assert.Contains("ConnectionStrings__Postgres", unavailable.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/test", unavailable.Message, StringComparison.Ordinal);
        Assert.Contains("Docker", unavailable.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerConnectionStringReachesAWorkingServer()
    {
        // Under scripts/test or .ci/run this is the throwaway cluster (or Testcontainers with Docker);
        // run bare without either, it fails with the instructions from UnavailableMessage.
        var connectionString = await TestDatabaseSource.GetServerConnectionStringAsync();
        var env = Environment.GetEnvironmentVariable(TestDatabaseSource.EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(env))
        {
            Assert.Equal(env.Trim(), connectionString);
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select 1", connection);
        Assert.Equal(1, await command.ExecuteScalarAsync());
    }
}
