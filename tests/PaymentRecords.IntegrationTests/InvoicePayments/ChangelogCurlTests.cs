using System.Diagnostics;
using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.Invoices.InvoiceKit;

namespace PaymentRecords.IntegrationTests.InvoicePayments;

/// <summary>
/// The request from Stripe's 2025-10-29.clover changelog, run verbatim by the real curl binary through a shell
/// against the server's real port (only the host and the ids substituted):
/// <code>
/// curl https://api.stripe.com/v1/invoices/{INVOICE_ID}/attach_payment \
///   -u "sk_test_...:" -d payment_record={PAYMENT_RECORD_ID} -d "expand[]"=payments
/// </code>
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ChangelogCurlTests(ServerFixture fixture)
{
    private const string Curl = "/usr/bin/curl";

    private static async Task<(int ExitCode, string Stdout, string Stderr)> ShellAsync(string command)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task The_changelog_curl_attaches_a_payment_record_and_embeds_the_payments()
    {
        Assert.True(File.Exists(Curl), "the real curl binary is needed at " + Curl);
        var kit = new PaymentKit(fixture.Client());
        var (customer, invoice) = await kit.Invoices.OpenInvoiceAsync(2500);
        var record = await kit.RecordAsync(1500, customer: customer);
        var host = fixture.Server.BaseAddress.ToString().TrimEnd('/');
        Assert.StartsWith("http://127.0.0.1:", host);

        var command = $"""
            {Curl} {host}/v1/invoices/{invoice}/attach_payment \
              -u "{kit.Client.ApiKey}:" -d payment_record={record} -d "expand[]"=payments
            """;
        var (exit, stdout, stderr) = await ShellAsync(command + " --silent --show-error");
        Assert.True(exit == 0, $"curl exited {exit}: {stderr}");

        var body = JsonNode.Parse(stdout)!.AsObject();
        Assert.Equal("invoice", Str(body["object"]));
        Assert.Equal(invoice, Str(body["id"]));
        Assert.Equal("open", Str(body["status"]));
        Assert.Equal(1500, Long(body["amount_paid"]));
        Assert.Equal(1000, Long(body["amount_remaining"]));
        var payments = body["payments"]!.AsObject();
        Assert.Equal("list", Str(payments["object"]));
        var payment = Assert.Single(payments["data"]!.AsArray())!;
        Assert.Equal("invoice_payment", Str(payment["object"]));
        Assert.Equal("payment_record", Str(payment["payment"]!["type"]));
        Assert.Equal(record, Str(payment["payment"]!["payment_record"]));
        Assert.Equal("paid", Str(payment["status"]));
        Assert.Equal(1500, Long(payment["amount_paid"]));
        Contract.ContractAssert.Matches("invoice", body);

        // The same command again: the record is attached already, and the answer says where.
        var (_, again, _) = await ShellAsync(command + " --silent --show-error");
        var error = JsonNode.Parse(again)!["error"]!;
        Assert.Equal("invalid_request_error", Str(error["type"]));
        Assert.Equal($"Payment record {record} is already attached to invoice {invoice}. A payment record can only pay one invoice.", Str(error["message"]));
    }
}
