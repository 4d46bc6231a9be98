using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace PaymentRecords.Bench.Seeding;

/// <summary>
/// After seeding: sampled objects of each kind retrieve with 200 and have the same fields, with the same kinds of
/// value (string, number, object, null…), as objects of the same state the server made in the same account (a paid
/// witness flow made after the seeding, the open template); and the lists page (full pages, no repeats, newest
/// first, a page after a seeded object deep in the account). Prints one line per failure; returns how many.
/// </summary>
internal sealed class SeedCheck(StripeHttp api, NpgsqlDataSource db, string accountId)
{
    private const int Samples = 12;
    private int _failures;

    public async Task<int> RunAsync(TemplateFlow open)
    {
        var witness = await TemplateFlow.CreateAsync(api, paid: true, "witness");
        await CompareAsync("customers", "/v1/customers/", _ => witness.Customer);
        await CompareAsync("invoice_items", "/v1/invoiceitems/", _ => witness.InvoiceItem);
        await CompareAsync("payment_records", "/v1/payment_records/", _ => witness.PaymentRecord);
        await CompareAsync("invoices", "/v1/invoices/", sample => sample["status"]?.GetValue<string>() == "paid" ? witness.Invoice : open.Invoice);
        var witnessPayment = (await api.GetAsync($"/v1/invoice_payments?invoice={witness.Invoice}")).Body?["data"]?[0]?["id"]?.GetValue<string>();
        if (witnessPayment is null) Fail("the witness invoice lists no invoice payment");
        else await CompareAsync("invoice_payments", "/v1/invoice_payments/", _ => witnessPayment);

        foreach (var (list, table) in new[] { ("/v1/invoices", "invoices"), ("/v1/customers", "customers"), ("/v1/invoiceitems", "invoice_items"), ("/v1/invoice_payments", "invoice_payments") })
            await PagesAsync(list, table);
        return _failures;
    }

    private async Task CompareAsync(string table, string path, Func<JsonObject, string> referenceOf)
    {
        var references = new Dictionary<string, SortedSet<string>>();
        foreach (var id in await SampleAsync(table))
        {
            var (status, sample) = await api.GetAsync(path + id);
            if (status != 200 || sample is null) { Fail($"GET {path}{id}: {status}"); continue; }
            var referenceId = referenceOf(sample);
            if (!references.TryGetValue(referenceId, out var expected))
            {
                var (refStatus, reference) = await api.GetAsync(path + referenceId);
                if (refStatus != 200 || reference is null) { Fail($"GET {path}{referenceId} (reference): {refStatus}"); continue; }
                references[referenceId] = expected = Shape(reference);
            }
            var actual = Shape(sample);
            if (!actual.SetEquals(expected))
                Fail($"{path}{id} renders unlike {referenceId}: only in the seeded one {Join(actual.Except(expected))}; only in the server's {Join(expected.Except(actual))}");
        }
        Console.WriteLine($"  {path}: {Samples} sampled objects retrieved and compared");
    }

    private async Task PagesAsync(string list, string table)
    {
        var seen = new HashSet<string>();
        string? after = null;
        long previousCreated = long.MaxValue;
        for (var page = 0; page < 3; page++)
        {
            var (status, body) = await api.GetAsync($"{list}?limit=100" + (after is null ? "" : $"&starting_after={after}"));
            var data = body?["data"]?.AsArray();
            if (status != 200 || data is null || data.Count != 100 || body!["has_more"]?.GetValue<bool>() != true)
            {
                Fail($"{list} page {page + 1}: {status}, {data?.Count} objects, has_more {body?["has_more"]}");
                return;
            }
            foreach (var item in data)
            {
                var id = item!["id"]!.GetValue<string>();
                var created = (item["created"] ?? item["date"])!.GetValue<long>(); // an invoice item has date, not created
                if (!seen.Add(id)) Fail($"{list}: {id} on two pages");
                if (created > previousCreated) Fail($"{list}: {id} out of order");
                previousCreated = created;
            }
            after = data[^1]!["id"]!.GetValue<string>();
        }

        var deep = (await SampleAsync(table))[0];
        var (deepStatus, deepBody) = await api.GetAsync($"{list}?limit=100&starting_after={deep}");
        if (deepStatus != 200 || deepBody?["data"]?.AsArray() is not { Count: > 0 }) Fail($"{list}?starting_after={deep}: {deepStatus}");
        Console.WriteLine($"  {list}: 3 pages of 100 and a page after {deep}");
    }

    private async Task<List<string>> SampleAsync(string table)
    {
        // Reads the account's rows once (a fraction of a second at 250,000): a check, not a measurement.
        await using var cmd = db.CreateCommand($"SELECT id FROM {table} WHERE account_id = $1 ORDER BY random() LIMIT {Samples}");
        cmd.Parameters.Add(new NpgsqlParameter { Value = accountId });
        var ids = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetString(0));
        if (ids.Count == 0) throw new InvalidOperationException($"no {table} in account {accountId}");
        return ids;
    }

    /// <summary>Every field path with the kind of its value: <c>lines.data[].amount:Number</c>.</summary>
    private static SortedSet<string> Shape(JsonNode? node, string path = "", SortedSet<string>? into = null)
    {
        into ??= new SortedSet<string>(StringComparer.Ordinal);
        switch (node)
        {
            case JsonObject o:
                into.Add(path + ":Object");
                foreach (var (k, v) in o) Shape(v, path.Length == 0 ? k : path + "." + k, into);
                break;
            case JsonArray a:
                into.Add(path + ":Array");
                foreach (var v in a) Shape(v, path + "[]", into);
                break;
            case null:
                into.Add(path + ":Null");
                break;
            default:
                into.Add(path + ":" + node.GetValueKind() switch { JsonValueKind.True or JsonValueKind.False => "Boolean", var k => k.ToString() });
                break;
        }
        return into;
    }

    private static string Join(IEnumerable<string> paths) => "[" + string.Join(", ", paths.Take(8)) + "]";

    private void Fail(string message)
    {
        _failures++;
        Console.WriteLine("  FAIL " + message);
    }
}
