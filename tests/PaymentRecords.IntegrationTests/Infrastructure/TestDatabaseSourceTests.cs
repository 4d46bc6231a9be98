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
    public async Task ServerConnectionStringComesFromTheEnvironmentWhenSet()
    {
        // scripts/test and .ci/run always provide the variable when no Docker engine answers.
        var env = Environment.GetEnvironmentVariable(TestDatabaseSource.EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(env))
        {
            return;
        }

        var connection = await TestDatabaseSource.GetServerConnectionStringAsync();

        Assert.Equal(env.Trim(), connection);
    }
}
