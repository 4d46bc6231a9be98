using System.Diagnostics;
using Npgsql;
using Testcontainers.PostgreSql;

namespace PaymentRecords.IntegrationTests.Infrastructure;

/// <summary>Where the integration tests get their PostgreSQL server from.</summary>
public abstract record DatabaseChoice
{
    private DatabaseChoice()
    {
    }

    /// <summary><c>ConnectionStrings__Postgres</c> is set: use that server.</summary>
    public sealed record FromEnvironment(string ConnectionString) : DatabaseChoice;

    /// <summary>No connection string, but a Docker engine answers: start a throwaway container.</summary>
    public sealed record Testcontainers : DatabaseChoice;

    /// <summary>Neither: the tests cannot run; <see cref="Message"/> says how to get a database.</summary>
    public sealed record Unavailable(string Message) : DatabaseChoice;
}

/// <summary>
/// Picks the PostgreSQL server for the integration tests, in this order:
/// the <c>ConnectionStrings__Postgres</c> environment variable (set by <c>scripts/test</c> when it
/// starts a local cluster, or by the developer), then a Testcontainers <c>postgres:16</c> container
/// when a Docker engine answers; otherwise it fails with instructions.
/// </summary>
public static class TestDatabaseSource
{
    public const string EnvironmentVariable = "ConnectionStrings__Postgres";
    public const string ContainerImage = "postgres:16";
    public const string DatabaseName = "paymentrecords";

    public static readonly string UnavailableMessage =
        "No PostgreSQL server for the integration tests. Either set the environment variable "
        + EnvironmentVariable
        + " (e.g. \"Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=paymentrecords\"), "
        + "or run the tests through scripts/test, which starts a throwaway local PostgreSQL cluster "
        + "(needs the PostgreSQL server binaries: apt-get install postgresql), "
        + "or install and start Docker so that Testcontainers can start a " + ContainerImage + " container.";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _connectionString;
    private static PostgreSqlContainer? _container;

    /// <summary>Pure decision, unit-tested: which source to use given the environment.</summary>
    public static DatabaseChoice Choose(string? envConnectionString, bool dockerEngineAnswers)
    {
        if (!string.IsNullOrWhiteSpace(envConnectionString))
        {
            return new DatabaseChoice.FromEnvironment(envConnectionString.Trim());
        }

        return dockerEngineAnswers
            ? new DatabaseChoice.Testcontainers()
            : new DatabaseChoice.Unavailable(UnavailableMessage);
    }

    /// <summary>
    /// The connection string of the server to test against (database <c>paymentrecords</c> on it, or
    /// whatever database the environment's connection string names). Resolved once per test run;
    /// a Testcontainers container lives until the test process exits.
    /// </summary>
    /// <exception cref="InvalidOperationException">No database can be had; the message says how to get one.</exception>
    public static async Task<string> GetServerConnectionStringAsync()
    {
        if (_connectionString is { } cached)
        {
            return cached;
        }

        await Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_connectionString is { } raced)
            {
                return raced;
            }

            var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
            var docker = string.IsNullOrWhiteSpace(env) && await DockerEngineAnswersAsync().ConfigureAwait(false);
            switch (Choose(env, docker))
            {
                case DatabaseChoice.FromEnvironment fromEnvironment:
                    _connectionString = fromEnvironment.ConnectionString;
                    break;
                case DatabaseChoice.Testcontainers:
                    _connectionString = await StartContainerAsync().ConfigureAwait(false);
                    break;
                case DatabaseChoice.Unavailable unavailable:
                    throw new InvalidOperationException(unavailable.Message);
                default:
                    throw new InvalidOperationException("Unknown database choice.");
            }

            return _connectionString;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// A short probe: DOCKER_HOST is set or /var/run/docker.sock exists, and <c>docker info</c>
    /// succeeds within 5 seconds. Any failure (no CLI, no daemon, timeout) means "no".
    /// </summary>
    /// <summary>Drops a test's own database on the server (its pools cleared first, sessions forced out).</summary>
    public static async Task DropDatabaseAsync(string serverConnection, string name)
    {
        NpgsqlConnection.ClearAllPools();
        var maintenance = new NpgsqlConnectionStringBuilder(serverConnection) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    public static async Task<bool> DockerEngineAnswersAsync()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_HOST"))
            && !File.Exists("/var/run/docker.sock"))
        {
            return false;
        }

        try
        {
            using var process = new Process
            {
                StartInfo = new ProcessStartInfo("docker", "info")
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                    CreateNoWindow = true,
                },
            };
            if (!process.Start())
            {
                return false;
            }

            // Drain the pipes so a chatty `docker info` cannot block on a full buffer.
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }

                return false;
            }

            await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
            return process.ExitCode == 0;
        }
#pragma warning disable CA1031 // Any failure of the probe simply means "no Docker".
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }

    private static async Task<string> StartContainerAsync()
    {
        var container = new PostgreSqlBuilder(ContainerImage)
            .WithDatabase(DatabaseName)
            .WithUsername("postgres")
            .WithPassword("postgres")
            .WithCommand("-c", "max_connections=300", "-c", "fsync=off", "-c", "synchronous_commit=off")
            .Build();
        await container.StartAsync().ConfigureAwait(false);
        _container = container;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DisposeContainer();
        return container.GetConnectionString();
    }

    private static void DisposeContainer()
    {
        var container = Interlocked.Exchange(ref _container, null);
        if (container is null)
        {
            return;
        }

        try
        {
            container.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(30));
        }
#pragma warning disable CA1031 // Best effort at process exit; the Ryuk reaper removes leftovers.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
