using Npgsql;

namespace PaymentRecords.Api.Hosting;

/// <summary>
/// The request pool's connection settings, on top of <c>ConnectionStrings:Postgres</c>. A setting the operator wrote
/// in the connection string wins; only settings left out get these defaults.
/// </summary>
public static class ApiConnectionString
{
    public static string? For(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured)) return configured;
        var builder = new NpgsqlConnectionStringBuilder(configured);
        // No DISCARD ALL each time a pooled connection is reused: the requests keep no session state (no SET, no
        // session advisory lock, no LISTEN, no temporary table), and resetting would also drop the prepared statements.
        if (!Mentions(configured, "No Reset On Close", "NoResetOnClose")) builder.NoResetOnClose = true;
        // Statements the server runs again and again are parsed and planned once per connection.
        if (!Mentions(configured, "Max Auto Prepare", "MaxAutoPrepare")) builder.MaxAutoPrepare = 128;
        if (!Mentions(configured, "Auto Prepare Min Usages", "AutoPrepareMinUsages")) builder.AutoPrepareMinUsages = 2;
        return builder.ConnectionString;
    }

    private static bool Mentions(string connectionString, params string[] keys) =>
        connectionString.Split(';').Select(part => part.Split('=')[0].Trim())
            .Any(key => keys.Any(k => string.Equals(key, k, StringComparison.OrdinalIgnoreCase)));
}
