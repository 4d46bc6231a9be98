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
        var perRequest = dataSource is null ? "" : " (SELECT 1 per request)";
        Console.WriteLine($"floor server on {urls}{perRequest}; Ctrl+C to stop");
        await app.RunAsync();
        return 0;
    }
}
