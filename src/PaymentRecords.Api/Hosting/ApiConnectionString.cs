using System.Data.Common;
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
        return builder.ConnectionString;
    }

    private static string Normalize(string keyword) => keyword.Replace(" ", "", StringComparison.Ordinal);
}
