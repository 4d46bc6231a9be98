using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace PaymentRecords.Bench;

/// <summary>
/// <c>floor-server</c>: the stack's own floor under the single-client p50 targets (issue 11), to run beside the real
/// server and measure with the same load generator (<c>--scenario healthz</c>). A bare Kestrel app with the server's GC
/// settings and nothing of ours: <c>GET /healthz</c> answers <c>{"status":"ok"}</c> at once, and with
/// <c>--postgres</c> it first sends <c>SELECT 1</c> over a pooled Npgsql connection (no EF Core, no middleware), so
/// the two runs are HTTP alone and HTTP plus one database round trip. bench/README.md, "Issue 11, seventh session".
/// <para>
/// With <c>--postgres</c> on the server's own database it also answers <c>POST /v1/customers</c> (the load generator's
/// <c>customer.create</c>) the way the server's create reaches PostgreSQL, and nothing more: the idempotency claim, the
/// customer, its event and the stored response as one batch with its implicit commit (one round trip, durable), then
/// a fixed customer of the same size. So the same scenario measures the stack's floor under POST /v1/customers on the
/// real schema: what Kestrel, Npgsql and the database cost before anything of ours (bench/README.md, "Issue 11,
/// twelfth session").
/// </para>
/// </summary>
internal static class FloorServer
{
    public const string Usage = """
        usage: PaymentRecords.Bench floor-server [--urls http://127.0.0.1:12190] [--postgres CONNECTION_STRING]
          then: PaymentRecords.Bench --url http://127.0.0.1:12190 --scenario healthz --clients 1
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        string urls = "http://127.0.0.1:12190";
        string? postgres = null;
        for (var i = 1; i < args.Length; i += 2)
        {
            if (args[i] is not ("--urls" or "--postgres")) throw new UsageException($"unknown option {args[i]}");
            var value = i + 1 < args.Length ? args[i + 1] : throw new UsageException($"{args[i]} needs a value");
            if (args[i] == "--urls") urls = value;
            else postgres = value;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(urls);
        var app = builder.Build();
        await using var dataSource = postgres is null ? null : NpgsqlDataSource.Create(postgres);
        app.MapGet("/healthz", async (HttpContext http) =>
        {
            if (dataSource is not null)
            {
                await using var connection = await dataSource.OpenConnectionAsync();
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync();
            }
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync("""{"status":"ok"}""");
        });
        if (dataSource is not null) app.MapPost("/v1/customers", (HttpContext http) => CreateAsync(http, dataSource));
        var perRequest = dataSource is null ? "" : " (SELECT 1 per request; POST /v1/customers writes as the server's create)";
        Console.WriteLine($"floor server on {urls}{perRequest}; Ctrl+C to stop");
        await app.RunAsync();
        return 0;
    }

    /// <summary>The statements of the server's create, as its batch sends them (pg_stat_statements on the server's database).</summary>
    private const string Claim = "CALL claim_idempotency_key($1, $2, $3)";
    private const string Customer = """
        INSERT INTO customers (account_id, id, attributes, balance, created, currency, deleted, description, email, invoice_prefix,
                               metadata, name, next_invoice_sequence, phone, test_clock_id)
        VALUES ($1, $2, '{}', 0, $3, NULL, false, NULL, 'jenny.rosen@example.com', $4, '{"source": "bench"}', 'Jenny Rosen', 1, NULL, NULL)
        RETURNING xmin::text, seq
        """;
    private const string Event = """
        INSERT INTO events (account_id, id, created, data, idempotency_key, object_id, pending_webhooks, request_id, type)
        VALUES ($1, $2, $3, $4::json, $5, $6, 0, $7, 'customer.created')
        """;
    private const string Stored = """
        INSERT INTO idempotency_keys (account_id, key, created_at, endpoint, request_hash, request_id, response_body, status_code)
        VALUES ($1, $2, now(), 'POST /v1/customers', $3, $4, $5, 200)
        """;

    private static async Task CreateAsync(HttpContext http, NpgsqlDataSource dataSource)
    {
        using (var reader = new StreamReader(http.Request.Body)) await reader.ReadToEndAsync();
        var account = "acct_floor_server";
        var key = http.Request.Headers["Idempotency-Key"].ToString() is { Length: > 0 } given ? given : Guid.NewGuid().ToString();
        var id = "cus_" + Guid.NewGuid().ToString("N")[..24];
        var requestId = "req_" + Guid.NewGuid().ToString("N")[..24];
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var body = $$"""{"id":"{{id}}","object":"customer","address":null,"balance":0,"created":{{created}},"currency":null,"default_source":null,"delinquent":false,"description":null,"discount":null,"email":"jenny.rosen@example.com","invoice_prefix":"{{id[4..12].ToUpperInvariant()}}","invoice_settings":{"custom_fields":null,"default_payment_method":null,"footer":null,"rendering_options":null},"livemode":false,"metadata":{"source":"bench"},"name":"Jenny Rosen","next_invoice_sequence":1,"phone":null,"preferred_locales":[],"shipping":null,"tax_exempt":"none","test_clock":null}""";

        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var batch = new NpgsqlBatch(connection))
        {
            batch.BatchCommands.Add(Command(Claim, account, key, 0.0));
            batch.BatchCommands.Add(Command(Customer, account, id, created, id[4..12].ToUpperInvariant()));
            batch.BatchCommands.Add(Command(Event, account, "evt_" + id[4..], created, "{\"object\":" + body + "}", key, id, requestId));
            batch.BatchCommands.Add(Command(Stored, account, key, new string('0', 64), requestId, body));
            await using var result = await batch.ExecuteReaderAsync();
            while (await result.NextResultAsync()) { }
        }
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body);
    }

    private static NpgsqlBatchCommand Command(string text, params object[] values)
    {
        var command = new NpgsqlBatchCommand(text);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command;
    }
}
