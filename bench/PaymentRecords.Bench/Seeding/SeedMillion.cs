using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Npgsql;

namespace PaymentRecords.Bench.Seeding;

/// <summary>
/// <c>seed-million</c>: fills ONE account with <c>--count</c> (default 250,000) each of customers, finalized invoices,
/// invoice items (one per invoice, on it) and guaranteed payment records, so 1,000,000 objects; four in five invoices
/// are paid by their payment record through an invoice payment, the fifth stays open with its record unattached.
/// Two template flows (one paid, one open) are made through the API in the account, their rows are cloned in the
/// database in batches (<see cref="RowCloner"/>), then <see cref="SeedCheck"/> verifies through the API that sampled
/// clones render like objects the server made, and that lists page. Prints the account's key. Runs no ANALYZE.
/// </summary>
public static class SeedMillion
{
    public const string Usage = """
        usage: seed-million --connection "Host=...;Database=..." [--url URL] [--key sk_test_...] [--count N] [--batch N] [--check-only]
          --connection  the server's database (the one its ConnectionStrings__Postgres names)
          --url         the server (default http://127.0.0.1:12111)
          --key         the account to fill (default: a fresh sk_test_seed<random>)
          --count       objects of each kind (default 250000; two of each are the templates made through the API)
          --batch       clones per transaction (default 25000)
          --check-only  only run the checks on an account seeded before (needs --key)
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var url = new Uri("http://127.0.0.1:12111");
        string? connection = null, key = null;
        long count = 250_000, batch = 25_000;
        var checkOnly = false;
        for (var i = 1; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new UsageException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--url": url = new Uri(Next()); break;
                case "--connection": connection = Next(); break;
                case "--key": key = Next(); break;
                case "--count": count = long.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--batch": batch = long.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--check-only": checkOnly = true; break;
                default: throw new UsageException($"unknown option {args[i]}");
            }
        }
        if (connection is null || count < 3 || batch < 1 || (checkOnly && key is null)) throw new UsageException("bad arguments");
        key ??= "sk_test_seed" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

        await using var db = NpgsqlDataSource.Create(connection);
        using var api = new StripeHttp(url, key);
        var total = Stopwatch.StartNew();
        var paid = await TemplateFlow.CreateAsync(api, paid: true, "template-paid");
        var open = await TemplateFlow.CreateAsync(api, paid: false, "template-open");
        var accountId = await AccountOfAsync(db, paid.Customer);
        Console.WriteLine($"seed-million key={key} account={accountId} url={url}");
        if (!checkOnly)
        {
            await SeedAsync(db, accountId, paid, open, count - 2, batch);
            Console.WriteLine($"seeded in {total.Elapsed.TotalSeconds:F0} s");
        }

        var failures = await new SeedCheck(api, db, accountId).RunAsync(open);
        Console.WriteLine(failures == 0 ? $"checks passed; key {key}" : $"{failures} check(s) FAILED; key {key}");
        Console.WriteLine(key);
        return failures == 0 ? 0 : 1;
    }

    private static async Task SeedAsync(NpgsqlDataSource db, string accountId, TemplateFlow paid, TemplateFlow open, long clones, long batch)
    {
        var cloner = new RowCloner(db, accountId);
        var paidRows = await cloner.ReadTemplateAsync(paid);
        var openRows = await cloner.ReadTemplateAsync(open);
        var tag = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        long offset;
        await using (var cmd = db.CreateCommand("SELECT count(*) FROM customers WHERE account_id = $1"))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = accountId });
            offset = (long)(await cmd.ExecuteScalarAsync())!;
        }

        for (var lo = 1L; lo <= clones; lo += batch)
        {
            var hi = Math.Min(clones, lo + batch - 1);
            var sw = Stopwatch.StartNew();
            await using var connection = await db.OpenConnectionAsync();
            await using var tx = await connection.BeginTransactionAsync();
            await cloner.CloneAsync(connection, tx, paidRows, "n % 5 <> 0", lo, hi, clones, tag, offset);
            await cloner.CloneAsync(connection, tx, openRows, "n % 5 = 0", lo, hi, clones, tag, offset);
            await tx.CommitAsync();
            Console.WriteLine($"  clones {lo}-{hi} of {clones}: {sw.Elapsed.TotalSeconds:F1} s");
        }
    }

    private static async Task<string> AccountOfAsync(NpgsqlDataSource db, string customer)
    {
        await using var cmd = db.CreateCommand("SELECT account_id FROM customers WHERE id = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = customer });
        return (string?)await cmd.ExecuteScalarAsync()
            ?? throw new InvalidOperationException($"customer {customer} is not in that database: is --connection the server's?");
    }
}
