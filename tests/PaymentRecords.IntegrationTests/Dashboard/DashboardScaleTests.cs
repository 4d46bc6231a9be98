using System.Text.RegularExpressions;
using Npgsql;
using PaymentRecords.Api.Dashboard;
using PaymentRecords.IntegrationTests.CreditNotes;
using PaymentRecords.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace PaymentRecords.IntegrationTests.Dashboard;

/// <summary>
/// An account with 10,000 invoices: every dashboard page that lists or shows invoices costs the same database round
/// trips as on an account with two, and a list page shows 20 rows (keyset pages, no N+1). The invoices are copied in
/// SQL from one made through the API, not made by 10,000 requests.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed partial class DashboardScaleTests(ServerFixture fixture, ITestOutputHelper output)
{
    private const int LargeAccount = 10_000;

    [Fact]
    public async Task Invoice_lists_search_and_the_invoice_page_cost_the_same_round_trips_with_10000_invoices_as_with_two()
    {
        var small = new CreditNoteKit(fixture.Client());
        var (_, smallOldest) = await small.OpenInvoiceAsync(100);
        var (_, smallNewest) = await small.OpenInvoiceAsync(200);
        var large = new CreditNoteKit(fixture.Client());
        var (_, template) = await large.OpenInvoiceAsync(300);
        var copies = await CopyInvoiceAsync(large.Client.ApiKey, template, LargeAccount - 1);
        Assert.Equal(LargeAccount, await CountInvoicesAsync(template));
        var middle = copies[copies.Count / 2];

        using var smallBrowser = new DashboardClient(fixture.Server.BaseAddress);
        await smallBrowser.LogInAsync(small.Client.ApiKey);
        using var largeBrowser = new DashboardClient(fixture.Server.BaseAddress);
        await largeBrowser.LogInAsync(large.Client.ApiKey);
        await PageAsync(smallBrowser, "/dashboard/invoices"); // warm-up: what a fresh server runs once is over

        var (smallFirst, _) = await PageAsync(smallBrowser, "/dashboard/invoices");
        var (largeFirst, firstRows) = await PageAsync(largeBrowser, "/dashboard/invoices");
        Assert.Equal(smallFirst, largeFirst);
        Assert.Equal(DashboardApi.PageSize, firstRows.Count);
        Assert.Equal(template, firstRows[0]);

        var (smallMiddle, _) = await PageAsync(smallBrowser, $"/dashboard/invoices?starting_after={smallNewest}");
        var (largeMiddle, middleRows) = await PageAsync(largeBrowser, $"/dashboard/invoices?starting_after={middle}");
        Assert.Equal(smallMiddle, largeMiddle);
        Assert.Equal(DashboardApi.PageSize, middleRows.Count);
        Assert.Equal(copies[(copies.Count / 2) + 1], middleRows[0]); // the copies are one second apart, newest first

        var (smallBack, _) = await PageAsync(smallBrowser, $"/dashboard/invoices?ending_before={smallOldest}"); // one row: an empty page would skip reading lines
        var (largeBack, backRows) = await PageAsync(largeBrowser, $"/dashboard/invoices?ending_before={middle}");
        Assert.Equal(smallBack, largeBack);
        Assert.Equal(DashboardApi.PageSize, backRows.Count);

        var (smallSearch, _) = await PageAsync(smallBrowser, $"/dashboard/invoices?q={smallNewest}");
        var (largeSearch, searchRows) = await PageAsync(largeBrowser, $"/dashboard/invoices?q={middle}");
        Assert.Equal(smallSearch, largeSearch);
        Assert.Equal([middle], searchRows);

        var (smallInvoice, _) = await PageAsync(smallBrowser, $"/dashboard/invoices/{smallNewest}");
        var (largeInvoice, _) = await PageAsync(largeBrowser, $"/dashboard/invoices/{middle}");
        Assert.Equal(smallInvoice, largeInvoice);
        // What DashboardRoundTripTests allows a page: a list page, its lines and a cursor's row; the invoice page's reads.
        Assert.InRange(Math.Max(Math.Max(largeFirst, largeMiddle), Math.Max(largeBack, largeSearch)), 1, 3);
        Assert.InRange(largeInvoice, 1, 7);
    }

    /// <summary>The page's database round trips (counted by the server) and the ids of the rows of its table.</summary>
    private async Task<(long Trips, List<string> Rows)> PageAsync(DashboardClient browser, string path)
    {
        var (trips, html) = await browser.GetCountingTripsAsync(fixture.Server.RoundTrips, path, output);
        var body = html.Contains("<tbody>", StringComparison.Ordinal) ? html[html.IndexOf("<tbody>", StringComparison.Ordinal)..] : "";
        var rows = RowLink().Matches(body[..Math.Max(0, body.IndexOf("</tbody>", StringComparison.Ordinal))]).Select(m => m.Groups["id"].Value).ToList();
        return (trips, rows);
    }

    [GeneratedRegex("<tr><td><a href=\"/dashboard/invoices/(?<id>in_[A-Za-z0-9_]+)\">")]
    private static partial Regex RowLink();

    /// <summary>
    /// <paramref name="count"/> copies of <paramref name="template"/> and its lines in one statement each: every column
    /// copied but the identity ones, with new ids and each copy a second older than the one before.
    /// </summary>
    private async Task<List<string>> CopyInvoiceAsync(string apiKey, string template, int count)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var invoiceColumns = await ColumnsAsync(connection, "invoices");
        var itemColumns = await ColumnsAsync(connection, "invoice_items");
        string Copied(IEnumerable<string> columns, IReadOnlyDictionary<string, string> replaced) =>
            string.Join(", ", columns.Select(c => replaced.TryGetValue(c, out var expression) ? expression : "t." + c));
        const string NewInvoice = "'in_bulk' || lpad(g::text, 17, '0')";
        var invoiceReplaced = new Dictionary<string, string>
        {
            ["id"] = NewInvoice,
            ["created"] = "t.created - g",
            ["number"] = "CASE WHEN t.number IS NULL THEN NULL ELSE t.number || '-' || g END",
        };
        var itemReplaced = new Dictionary<string, string>
        {
            ["id"] = "'ii_bulk' || lpad(g::text, 17, '0')",
            ["line_id"] = "CASE WHEN t.line_id IS NULL THEN NULL ELSE 'il_bulk' || lpad(g::text, 17, '0') END",
            ["invoice_id"] = NewInvoice,
            ["created"] = "t.created - g",
        };
        await using (var copy = new NpgsqlCommand($"""
            INSERT INTO invoices ({string.Join(", ", invoiceColumns)})
            SELECT {Copied(invoiceColumns, invoiceReplaced)} FROM invoices t, generate_series(1, $3) g WHERE t.account_id = $1 AND t.id = $2;
            """, connection, tx))
        {
            copy.Parameters.Add(new NpgsqlParameter { Value = AccountOf(apiKey) });
            copy.Parameters.Add(new NpgsqlParameter { Value = template });
            copy.Parameters.Add(new NpgsqlParameter { Value = count });
            Assert.Equal(count, await copy.ExecuteNonQueryAsync());
        }
        await using (var lines = new NpgsqlCommand($"""
            INSERT INTO invoice_items ({string.Join(", ", itemColumns)})
            SELECT {Copied(itemColumns, itemReplaced)} FROM invoice_items t, generate_series(1, $3) g WHERE t.account_id = $1 AND t.invoice_id = $2;
            """, connection, tx))
        {
            lines.Parameters.Add(new NpgsqlParameter { Value = AccountOf(apiKey) });
            lines.Parameters.Add(new NpgsqlParameter { Value = template });
            lines.Parameters.Add(new NpgsqlParameter { Value = count });
            Assert.Equal(count, await lines.ExecuteNonQueryAsync());
        }
        await tx.CommitAsync();
        return [.. Enumerable.Range(1, count).Select(g => "in_bulk" + g.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(17, '0'))];
    }

    private static async Task<List<string>> ColumnsAsync(NpgsqlConnection connection, string table)
    {
        await using var cmd = new NpgsqlCommand("""
            SELECT column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = $1 AND is_identity = 'NO' AND coalesce(column_default, '') NOT LIKE 'nextval(%'
              AND is_generated = 'NEVER'
            ORDER BY ordinal_position
            """, connection);
        cmd.Parameters.Add(new NpgsqlParameter { Value = table });
        var columns = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) columns.Add(reader.GetString(0));
        return columns;
    }

    private async Task<long> CountInvoicesAsync(string template)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM invoices WHERE account_id = (SELECT account_id FROM invoices WHERE id = $1)", connection);
        cmd.Parameters.Add(new NpgsqlParameter { Value = template });
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static string AccountOf(string apiKey) => global::PaymentRecords.Api.Pipeline.ApiKeys.Authenticate("Bearer " + apiKey).AccountId!;
}
