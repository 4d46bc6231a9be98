using System.Text;
using System.Text.Json.Nodes;
using PaymentRecords.Api.Pipeline;
using static PaymentRecords.Api.Dashboard.DashboardParts;
using static PaymentRecords.Api.Dashboard.Html;

namespace PaymentRecords.Api.Dashboard;

/// <summary>
/// One payment record: its amounts as the API renders them, what is still refundable (the domain's rule, which
/// report_refund enforces), its attempts with their outcomes, its reported refunds and the invoice it pays (GET
/// /v1/invoice_payments filtered by the record). Three reads (the record, its attempts with their refunds, its invoice payments), whatever the number of attempts or refunds.
/// </summary>
public static class PaymentRecordPage
{
    /// <summary>More attempts or refunds than this on one record: the page says so.</summary>
    public const int Limit = 100;

    public static Task<IResult> ShowAsync(HttpContext http, DashboardSession session, ApiReads reads, DashboardReads more) =>
        DetailAsync(http, session, "id", "payment record", async (account, id) =>
        {
            if (await more.PaymentRecordAsync(account, id) is not { } found) return null;
            var (record, refundable) = found;
            var attempts = await more.AttemptsAsync(account, [id], Limit);
            var refunds = DashboardReads.RefundsOf(attempts);
            var payments = await reads.GetAsync(http, account, "/v1/invoice_payments",
                $"payment[type]=payment_record&payment[payment_record]={Uri.EscapeDataString(id)}&limit=10");
            return ("Payment record " + id, Render(record, refundable, attempts, refunds, payments));
        });

    private static string Render(JsonObject record, long refundable, IReadOnlyList<DashboardAttempt> attempts,
        IReadOnlyList<DashboardRefund> refunds, JsonObject payments)
    {
        var currency = Str(record["amount_requested"]?["currency"]);
        var html = new StringBuilder($"<h1>Payment record {Code(Str(record["id"]))}</h1>");
        html.Append($"<p>Customer: {LinkOrDash("/dashboard/customers/", Str(record["customer_details"]?["customer"]))}");
        html.Append($" · Latest attempt: {Code(Str(record["latest_payment_attempt_record"]))}");
        html.Append($" · Payment reference: {Code(Str(record["processor_details"]?["custom"]?["payment_reference"]) ?? "—")}");
        html.Append($" · Created {Time(Long(record["created"]))}</p>");
        if (Str(record["description"]) is { } description) html.Append($"<p>Description: {Text(description)}</p>");

        string[] amounts = ["amount_requested", "amount", "amount_authorized", "amount_guaranteed", "amount_refunded", "amount_canceled", "amount_failed"];
        var rows = amounts.Select(a => (a, RecordMoney(record[a]))).Append(("refundable", Money(refundable, currency)));
        html.Append(Section("amounts", "Amounts", KeyValues("record-amounts", rows, numeric: true)
            + "<p>Still refundable: the guaranteed amount less what was refunded, zero unless the latest attempt is guaranteed (the rule report_refund enforces).</p>"));

        html.Append(Section("attempts", "Payment attempts", Attempts(attempts)
            + (attempts.Count >= Limit ? $"<p>Only the newest {Limit} attempts are shown.</p>" : "")));
        html.Append(Section("refunds", "Refunds", Refunds(refunds)));

        var paid = Rows(payments).ToList();
        html.Append(Section("pays", "Invoice it pays", paid.Count == 0 ? Empty("Not attached to an invoice.") : DashboardApi.Table(
            [new("Invoice", o => LinkOrDash("/dashboard/invoices/", Str(o["invoice"]))), new("Invoice payment", o => Code(Str(o["id"]))),
                new("Status", o => Text(Str(o["status"]))),
                new("Amount requested", o => Money(Long(o["amount_requested"]), Str(o["currency"])), Numeric: true),
                new("Amount paid", o => Money(Long(o["amount_paid"]), Str(o["currency"])), Numeric: true),
                new("Paid at", o => Time(Long(o["status_transitions"]?["paid_at"])))],
            paid)));
        return html.ToString();
    }
}
