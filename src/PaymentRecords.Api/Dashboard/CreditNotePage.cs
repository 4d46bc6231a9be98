using System.Text;
using System.Text.Json.Nodes;
using PaymentRecords.Api.Pipeline;
using static PaymentRecords.Api.Dashboard.DashboardParts;
using static PaymentRecords.Api.Dashboard.Html;

namespace PaymentRecords.Api.Dashboard;

/// <summary>One credit note as GET /v1/credit_notes/{id} renders it: amounts, its lines, its refunds and its invoice. One read.</summary>
public static class CreditNotePage
{
    public static Task<IResult> ShowAsync(HttpContext http, DashboardSession session, ApiReads reads) =>
        DetailAsync(http, session, "id", "credit note", async (account, id) =>
        {
            var note = await reads.GetAsync(http, account, "/v1/credit_notes/{id}", "", new Dictionary<string, string> { ["id"] = id });
            return ("Credit note " + id, Render(note));
        });

    private static string Render(JsonObject note)
    {
        var currency = Str(note["currency"]);
        var html = new StringBuilder($"<h1>Credit note {Code(Str(note["id"]))}</h1>");
        html.Append($"<p>Status: <span class=\"status\" id=\"credit-note-status\">{Text(Str(note["status"]))}</span>");
        html.Append($" · Number: {Text(Str(note["number"]))} · Type: {Text(Str(note["type"]))} · Reason: {Text(Str(note["reason"]) ?? "—")}");
        html.Append($" · Invoice: {LinkOrDash("/dashboard/invoices/", Str(note["invoice"]))}");
        html.Append($" · Customer: {LinkOrDash("/dashboard/customers/", Str(note["customer"]))} · Created {Time(Long(note["created"]))}</p>");
        if (Str(note["memo"]) is { } memo) html.Append($"<p>Memo: {Text(memo)}</p>");
        if (Long(note["voided_at"]) is { } voided) html.Append($"<p>Voided {Time(voided)}</p>");

        string[] amounts = ["subtotal", "total", "amount", "pre_payment_amount", "post_payment_amount", "out_of_band_amount"];
        html.Append(Section("amounts", "Amounts", KeyValues("credit-note-amounts",
            amounts.Where(note.ContainsKey).Select(a => (a, Money(Long(note[a]), currency))), numeric: true)));

        var lines = note["lines"] as JsonObject;
        html.Append(Section("lines", "Lines", DashboardApi.Table(
            [new("Line", o => Code(Str(o["id"]))), new("Type", o => Text(Str(o["type"]))), new("Description", o => Text(Str(o["description"]))),
                new("Invoice line", o => Code(Str(o["invoice_line_item"]) ?? "—")),
                new("Quantity", o => Number(Long(o["quantity"])), Numeric: true),
                new("Amount", o => Money(Long(o["amount"]), currency), Numeric: true)],
            Rows(lines)) + (lines?["has_more"]?.GetValue<bool>() == true
                ? $"<p>More lines than shown: <code>GET /v1/credit_notes/{Text(Str(note["id"]))}/lines</code>.</p>" : "")));

        var refunds = (note["refunds"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        html.Append(Section("refunds", "Refunds", refunds.Count == 0 ? Empty("No refunds.") : DashboardApi.Table(
            [new("Refund", o => Code(Str(o["refund"]))), new("Type", o => Text(Str(o["type"]))),
                new("Payment record", o => PaymentRecordLink(Str(o["payment_record_refund"]?["payment_record"]))),
                new("Refund group", o => Code(Str(o["payment_record_refund"]?["refund_group"]))),
                new("Amount refunded", o => Money(Long(o["amount_refunded"]), currency), Numeric: true)],
            refunds)));
        return html.ToString();
    }
}
