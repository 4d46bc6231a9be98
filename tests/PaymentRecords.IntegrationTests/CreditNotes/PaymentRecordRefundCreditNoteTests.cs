using System.Diagnostics;
using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Contract;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.CreditNotes.CreditNoteKit;
using Reports = PaymentRecords.IntegrationTests.PaymentRecords.Reports;

namespace PaymentRecords.IntegrationTests.CreditNotes;

/// <summary>
/// The headline flow: a payment record pays an invoice (report_payment, attach_payment), its refund is reported
/// (report_refund with a refund_reference), and a credit note cites that refund group, with no amount given.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class PaymentRecordRefundCreditNoteTests(ServerFixture fixture)
{
    /// <summary>Stripe's changelog request, verbatim but for the host and the ids.</summary>
    private const string ChangelogRequest = """
        curl http://127.0.0.1:12111/v1/credit_notes -u "sk_test_...:" \
          -d invoice={INVOICE_ID} \
          -d "refunds[0][type]"=payment_record_refund \
          -d "refunds[0][payment_record_refund][payment_record]"={PAYMENT_RECORD_ID} \
          -d "refunds[0][payment_record_refund][refund_group]"={REFUND_REFERENCE_ID}
        """;

    [Fact]
    public async Task The_changelog_curl_request_runs_verbatim_with_the_real_curl_binary()
    {
        Assert.True(File.Exists("/usr/bin/curl"), "/usr/bin/curl is needed for this test");
        var client = fixture.Client();
        var kit = new CreditNoteKit(client);

        // report_payment (guaranteed, for the invoice's customer), attach_payment, report_refund.
        var (customer, invoice) = await kit.OpenInvoiceAsync(5000);
        var record = (await Reports.ReportAsync(client, Reports.Guaranteed(5000, ("customer_details[customer]", customer),
            ("processor_details[type]", "custom"), ("processor_details[custom][payment_reference]", "wire-7781")))).Id;
        var attached = (await client.PostAsync($"/v1/invoices/{invoice}/attach_payment", ("payment_record", record), ("expand[]", "payments"))).AssertOk().Body;
        Assert.Equal("paid", Str(attached["status"]));
        var refundReference = "refund_" + Guid.NewGuid().ToString("N")[..12];
        var refunded = (await client.PostAsync($"/v1/payment_records/{record}/report_refund", Reports.Refund(refundReference, 1500))).AssertOk().Body;
        Assert.Equal(1500, Long(refunded["amount_refunded"]!["value"]));

        var command = ChangelogRequest
            .Replace("http://127.0.0.1:12111", fixture.Server.BaseAddress.ToString().TrimEnd('/'))
            .Replace("sk_test_...", client.ApiKey)
            .Replace("{INVOICE_ID}", invoice)
            .Replace("{PAYMENT_RECORD_ID}", record)
            .Replace("{REFUND_REFERENCE_ID}", refundReference);
        var (exit, stdout, stderr) = await RunShellAsync(command);
        Assert.True(exit == 0, $"curl exited {exit}: {stderr}");
        var note = JsonNode.Parse(stdout)!.AsObject();
        Assert.True(note["error"] is null, stdout);

        ContractAssert.Matches("credit_note", note);
        Assert.Equal("credit_note", Str(note["object"]));
        Assert.Equal(invoice, Str(note["invoice"]));
        Assert.Equal(customer, Str(note["customer"]));
        // No amount was given: it is the refund group's (docs/endpoints-credit-notes.md, "Rules in short").
        Assert.Equal(1500, Long(note["amount"]));
        Assert.Equal(0, Long(note["pre_payment_amount"]));
        Assert.Equal(1500, Long(note["post_payment_amount"]));
        Assert.Equal("post_payment", Str(note["type"]));
        Assert.Equal("issued", Str(note["status"]));
        var refund = Assert.Single(note["refunds"]!.AsArray())!.AsObject();
        Assert.Equal("payment_record_refund", Str(refund["type"]));
        Assert.Equal(1500, Long(refund["amount_refunded"]));
        Assert.Equal(record, Str(refund["payment_record_refund"]!["payment_record"]));
        Assert.Equal(refundReference, Str(refund["payment_record_refund"]!["refund_group"]));
        var line = Assert.Single(note["lines"]!["data"]!.AsArray())!;
        Assert.Equal(1500, Long(line["amount"]));

        var inv = await kit.Invoices.GetAsync(invoice);
        Assert.Equal("paid", Str(inv["status"]));
        Assert.Equal(5000, Long(inv["amount_paid"]));
        Assert.Equal(1500, Long(inv["post_payment_credit_notes_amount"]));
        Assert.Equal(0, Long(inv["pre_payment_credit_notes_amount"]));

        // The same request again: the group is fully cited.
        var (_, again, _) = await RunShellAsync(command);
        var error = JsonNode.Parse(again)!["error"]!;
        Assert.Equal("refunds[0][payment_record_refund][refund_group]", Str(error["param"]));
        Assert.Equal("invalid_request_error", Str(error["type"]));

        var events = await kit.Invoices.EventsAsync("credit_note.created", "invoice.updated");
        Assert.Equal(["credit_note.created", "invoice.updated"], events.TakeLast(2).Select(e => Str(e["type"])));
        Assert.Equal(Str(note["id"]), Str(events[^2]["data"]!["object"]!["id"]));
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunShellAsync(string command)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        // `curl` in the request resolves to /usr/bin/curl.
        start.Environment["PATH"] = "/usr/bin:/bin";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task Several_refund_groups_of_several_records_and_a_balance_credit_in_one_note()
    {
        var kit = new CreditNoteKit(fixture);
        var (customer, invoice) = await kit.OpenInvoiceAsync(3000);
        var first = (await Reports.ReportAsync(kit.Client, Reports.Guaranteed(1000, ("customer_details[customer]", customer)))).Id;
        var second = (await Reports.ReportAsync(kit.Client, Reports.Guaranteed(2000, ("customer_details[customer]", customer)))).Id;
        await kit.AttachAsync(invoice, first);
        await kit.AttachAsync(invoice, second);
        var tag = Guid.NewGuid().ToString("N")[..10];
        await kit.ReportRefundAsync(first, $"a-{tag}", 300);
        await kit.ReportRefundAsync(first, $"b-{tag}", 200);
        await kit.ReportRefundAsync(second, $"c-{tag}", 2000);

        var note = await kit.IssueAsync([("invoice", invoice), ("amount", "1400"), ("credit_amount", "100"),
            .. Cite(0, first, $"a-{tag}"), .. Cite(1, first, $"b-{tag}", 150), .. Cite(2, second, $"c-{tag}", 850)]);
        Assert.Equal(1400, Long(note["post_payment_amount"]));
        Assert.Equal([300L, 150L, 850L], note["refunds"]!.AsArray().Select(r => Long(r!["amount_refunded"])));
        Assert.Equal(-100, await kit.BalanceAsync(customer));
        // What is left of each group: a 0, b 50, c 1150.
        (await kit.CreateAsync([("invoice", invoice), .. Cite(0, first, $"a-{tag}")])).AssertError(System.Net.HttpStatusCode.BadRequest);
        Assert.Equal(50, Long((await kit.IssueAsync([("invoice", invoice), .. Cite(0, first, $"b-{tag}")]))["amount"]));
        Assert.Equal(1150, Long((await kit.IssueAsync([("invoice", invoice), .. Cite(0, second, $"c-{tag}")]))["amount"]));
        Assert.Equal(2600, Long((await kit.Invoices.GetAsync(invoice))["post_payment_credit_notes_amount"]));
    }
}
