using System.Data.Common;
using Npgsql;

namespace PaymentRecords.Api.Hosting;

/// <summary>
/// The request pool's connection settings, on top of <c>ConnectionStrings:Postgres</c>. A setting the operator wrote
/// in the connection string wins; only settings left out get these defaults.
/// </summary>
public static class ApiConnectionString
{
    public const int PruningIntervalSeconds = 1;
    public const int IdleLifetimeSeconds = 3;

    public static string? For(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured)) return configured;
        var builder = new NpgsqlConnectionStringBuilder(configured);
        // The keywords as written (quoted values parsed properly), spaces and case ignored: Npgsql takes both
        // "No Reset On Close" and "NoResetOnClose", and its own builder cannot tell a default from a written value.
        var written = new DbConnectionStringBuilder { ConnectionString = configured }.Keys.Cast<string>()
            .Select(Normalize).ToHashSet(StringComparer.OrdinalIgnoreCase);
        bool Mentions(string keyword) => written.Contains(Normalize(keyword));
        // No DISCARD ALL each time a pooled connection is reused: the requests keep no session state (no SET, no
        // session advisory lock, no LISTEN, no temporary table), and resetting would also drop the prepared statements.
        if (!Mentions("No Reset On Close")) builder.NoResetOnClose = true;
        // Statements the server runs again and again are parsed and planned once per connection.
        if (!Mentions("Max Auto Prepare")) builder.MaxAutoPrepare = 128;
        if (!Mentions("Auto Prepare Min Usages")) builder.AutoPrepareMinUsages = 2;
        // Npgsql hands out its idle connections first in, first out: after a burst (eight clients, a parallel test
        // suite) one client's requests went round every connection the burst had opened, a different PostgreSQL
        // backend each time, and PostgreSQL spent twice the CPU on each create (0.25-0.34 ms against 0.13-0.17; p50
        // 0.58-0.72 against 0.52-0.56 ms: bench/README.md, "Issue 11, thirteenth session"). Sampling the idle count
        // every second and closing the median idle of the last three samples gives the pool back its working set
        // within seconds of a burst; one connection stays, so a lone client never reconnects. Under steady load a
        // few idle connections are closed and opened again (a few milliseconds each, about one a second).
        if (!Mentions("Connection Pruning Interval")) builder.ConnectionPruningInterval = PruningIntervalSeconds;
        if (!Mentions("Connection Idle Lifetime"))
            builder.ConnectionIdleLifetime = Math.Max(IdleLifetimeSeconds, builder.ConnectionPruningInterval);
        if (!Mentions("Minimum Pool Size") && !Mentions("MinPoolSize") && builder.MaxPoolSize >= 1) builder.MinPoolSize = 1;
        return builder.ConnectionString;
    }

    private static string Normalize(string keyword) => keyword.Replace(" ", "", StringComparison.Ordinal);
}
