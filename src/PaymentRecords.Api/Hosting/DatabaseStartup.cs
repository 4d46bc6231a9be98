using Microsoft.EntityFrameworkCore;
using Npgsql;
using PaymentRecords.Persistence;

namespace PaymentRecords.Api.Hosting;

/// <summary>
/// Start-up: check the database answers (one clear line and a non-zero exit if not), then apply migrations
/// under a session advisory lock so two instances starting together migrate once.
/// </summary>
public static class DatabaseStartup
{
    private const long MigrationLockKey = 0x5052_4D49_4752; // "PRMIGR"

    public static async Task<bool> PrepareAsync(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Startup");
        var connectionString = app.Configuration.GetConnectionString("Postgres");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            logger.LogCritical("No database configured: set ConnectionStrings__Postgres (e.g. Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=paymentrecords), or start the server with scripts/run, which starts a database for you.");
            return false;
        }
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        try
        {
            await using var connection = await OpenCreatingDatabaseAsync(builder);
            await using (var lockCmd = new NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLockKey})", connection))
                await lockCmd.ExecuteNonQueryAsync();
            try
            {
                // EF Core's own pending-migrations check builds its history table's model and reads every migration
                // type (a few hundred milliseconds of start-up); the newest id applied against the newest id built
                // says the same. Only when they differ does EF Core run (and apply what is pending).
                if (await NewestAppliedAsync(connection) != NewestBuilt)
                {
                    await using var scope = app.Services.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<PaymentRecordsDbContext>();
                    var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
                    if (pending.Count > 0)
                    {
                        logger.LogInformation("Applying {Count} migration(s) to database {Database}: {Migrations}",
                            pending.Count, builder.Database, string.Join(", ", pending));
                        // No command timeout: a migration that fills a new column of a table with millions of rows
                        // (20261130201311_EventObjectIdColumn on a long-kept database) runs once and takes what it
                        // takes; cut at 30 s, the server could never start on that database again.
                        db.Database.SetCommandTimeout(0);
                        try
                        {
                            await db.Database.MigrateAsync();
                        }
                        finally
                        {
                            db.Database.SetCommandTimeout(null); // the context goes back to the request pool
                        }
                    }
                }
            }
            finally
            {
                await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({MigrationLockKey})", connection);
                await unlock.ExecuteNonQueryAsync();
            }
            return true;
        }
        catch (InvalidOperationException e) when (e.InnerException is NpgsqlException inner)
        {
            // EF Core's execution strategy wraps a failure it takes for transient (a timeout, a lost connection) in
            // the middle of a migration; PostgreSQL's own refusals arrive unwrapped, below.
            logger.LogCritical("PostgreSQL at {Host}:{Port} (database {Database}) failed a migration: {Reason}",
                builder.Host, builder.Port, builder.Database, inner.Message);
            return false;
        }
        catch (PostgresException e)
        {
            // The server answered, so this is not a connectivity problem: say what failed instead.
            logger.LogCritical("PostgreSQL at {Host}:{Port} (database {Database}) refused the start-up work: {SqlState}: {Reason}",
                builder.Host, builder.Port, builder.Database, e.SqlState, e.MessageText);
            return false;
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            logger.LogCritical("Cannot reach PostgreSQL at {Host}:{Port} (database {Database}): {Reason}. Start one with scripts/run (it starts a local cluster or Docker's), `docker compose up -d db`, or set ConnectionStrings__Postgres.",
                builder.Host, builder.Port, builder.Database, e.Message);
            return false;
        }
    }

    /// <summary>The id of the newest migration compiled into Persistence (ids sort by their timestamp).</summary>
    internal static readonly string NewestBuilt = typeof(PaymentRecordsDbContext).Assembly.GetTypes()
        .Select(t => t.GetCustomAttributes(typeof(Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute), false)
            .OfType<Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute>().FirstOrDefault()?.Id)
        .OfType<string>().Max(StringComparer.Ordinal) ?? "";

    /// <summary>The newest migration id the database's history table holds; null without one (a fresh database).</summary>
    private static async Task<string?> NewestAppliedAsync(NpgsqlConnection connection)
    {
        // Two statements: a query naming a table that does not exist fails before any CASE could skip it.
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('\"__EFMigrationsHistory\"') IS NOT NULL", connection))
            if (await exists.ExecuteScalarAsync() is not true) return null;
        await using var newest = new NpgsqlCommand("SELECT max(migration_id) FROM \"__EFMigrationsHistory\"", connection);
        return await newest.ExecuteScalarAsync() as string;
    }

    /// <summary>
    /// Opens the application database; a fresh cluster has none yet (PostgreSQL answers 3D000), so it is made first, as
    /// `docker compose` would.
    /// </summary>
    private static async Task<NpgsqlConnection> OpenCreatingDatabaseAsync(NpgsqlConnectionStringBuilder target)
    {
        var connection = new NpgsqlConnection(target.ConnectionString);
        try
        {
            await connection.OpenAsync();
            return connection;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            await connection.DisposeAsync();
        }
        await CreateDatabaseIfMissingAsync(target);
        connection = new NpgsqlConnection(target.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>A fresh cluster has no application database yet; make it, as `docker compose` would.</summary>
    private static async Task CreateDatabaseIfMissingAsync(NpgsqlConnectionStringBuilder target)
    {
        if (string.IsNullOrEmpty(target.Database) || target.Database == "postgres") return;
        var maintenance = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", target.Database);
        if (await exists.ExecuteScalarAsync() is not null) return;
        try
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{target.Database.Replace("\"", "\"\"")}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Another instance created it first.
        }
    }
}
