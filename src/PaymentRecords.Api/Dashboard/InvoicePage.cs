using System.Text;
using System.Text.Json.Nodes;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using static PaymentRecords.Api.Dashboard.Html;

namespace PaymentRecords.Api.Dashboard;

/// <summary>
/// One invoice: status and status_transitions, lines, totals, its invoice payments and its credit notes, each read
/// from the API (the invoice with <c>expand[]=payments</c>, and the credit notes list filtered by invoice); beside each
/// payment its record's attempts and reported refunds, and the events of the invoice, its payments and its notes
/// (<see cref="DashboardReads"/>, one query each for all of them): five reads, whatever the number of payments or notes.
/// </summary>
public static class InvoicePage
{
    /// <summary>Stripe's credit note list caps limit at 100; an invoice with more says so under the table.</summary>
    private const int CreditNoteLimit = 100;

    /// <summary>Attempts and refunds read for all the payments' records together, and events shown.</summary>
    private const int RelatedLimit = 100;

    public static async Task<IResult> ShowAsync(HttpContext http, DashboardSession session, ApiReads reads, DashboardReads more)
    {
        if (session.Current(http) is not { } signedIn) return Results.Redirect("/dashboard");
        var id = (string)http.Request.RouteValues["invoice"]!;
        JsonObject invoice, notes;
        try
        {
            invoice = await reads.GetAsync(http, signedIn.AccountId, "/v1/invoices/{invoice}", "expand[]=payments",
                new Dictionary<string, string> { ["invoice"] = id });
            notes = await reads.GetAsync(http, signedIn.AccountId, "/v1/credit_notes",
                $"invoice={Uri.EscapeDataString(id)}&limit={CreditNoteLimit}");
        }
        catch (StripeException e) when (e.Error.Status is 404 or 400)
        {
            return DashboardApi.NotFound(http, session, signedIn.Key, $"No invoice with id {id} in this account.");
        }
        var payments = Rows(invoice["payments"] as JsonObject).ToList();
        var recordIds = payments.Select(p => Str(p["payment"]?["payment_record"])).OfType<string>().Distinct().ToList();
        var attempts = await more.AttemptsAsync(signedIn.AccountId, recordIds, RelatedLimit);
        var refunds = DashboardReads.RefundsOf(attempts);
        var related = new[] { id }.Concat(payments.Concat(Rows(notes)).Select(o => Str(o["id"])).OfType<string>()).ToList();
        var events = await more.EventsOfAsync(signedIn.AccountId, related, RelatedLimit);
        var body = Render(invoice, notes, attempts, refunds, events);
        return DashboardApi.Page(DashboardLayout.Page("Invoice " + id, body, DashboardApi.Masked(signedIn.Key), session.AntiforgeryField(http)), 200);
    }

    private static string Render(JsonObject invoice, JsonObject notes, IReadOnlyList<DashboardAttempt> attempts,
        IReadOnlyList<DashboardRefund> refunds, IReadOnlyList<JsonObject> events)
    {
        var currency = Str(invoice["currency"]);
        var html = new StringBuilder();
        html.Append($"<h1>Invoice <code>{Text(Str(invoice["id"]))}</code></h1>");
        html.Append($"<p>Status: <span class=\"status\" id=\"invoice-status\">{Text(Str(invoice["status"]))}</span>");
        html.Append($" · Number: {Text(Str(invoice["number"]) ?? "—")} · Customer: {DashboardParts.LinkOrDash("/dashboard/customers/", Str(invoice["customer"]))}");
        if (Str(invoice["parent"]?["subscription_details"]?["subscription"]) is { } subscription)
            html.Append($" · Subscription: {Link("/dashboard/subscriptions/" + subscription, subscription)}");
        html.Append($" · Collection: {Text(Str(invoice["collection_method"]))} · Created {Time(Long(invoice["created"]))}</p>");

        html.Append("<h2>Status transitions</h2>");
        var transitions = invoice["status_transitions"] as JsonObject ?? [];
        html.Append(KeyValues("status-transitions", transitions.Select(t => (t.Key, Time(Long(t.Value))))));

        html.Append("<h2>Totals</h2>");
        string[] totals = ["subtotal", "total_excluding_tax", "total", "starting_balance", "ending_balance", "amount_due", "amount_paid",
            "amount_remaining", "amount_overpaid", "pre_payment_credit_notes_amount", "post_payment_credit_notes_amount"];
        html.Append(KeyValues("totals", totals.Where(invoice.ContainsKey).Select(t => (t, Money(Long(invoice[t]), currency))), numeric: true));

        // Discounts the invoice takes (total_discount_amounts), as the API renders them.
        if (invoice["total_discount_amounts"] is JsonArray { Count: > 0 } discounts)
        {
            html.Append("<h2>Discounts</h2><div id=\"discounts\">").Append(DashboardApi.Table(
                [new("Discount", o => $"<code>{Text(Str(o["discount"]))}</code>"), new("Amount", o => Money(Long(o["amount"]), currency), Numeric: true)],
                discounts.OfType<JsonObject>()));
            html.Append("</div>");
        }

        // Billing credits the invoice took at finalization (total_pretax_credit_amounts), as the API renders them.
        if (invoice["total_pretax_credit_amounts"] is JsonArray { Count: > 0 } credits)
        {
            html.Append("<h2>Credits applied</h2><div id=\"credits-applied\">").Append(DashboardApi.Table(
                [new("Type", o => Text(Str(o["type"]))),
                    new("Credit balance transaction", o => $"<code>{Text(Str(o["credit_balance_transaction"]) ?? Str(o["discount"]))}</code>"),
                    new("Amount", o => Money(Long(o["amount"]), currency), Numeric: true)],
                credits.OfType<JsonObject>()));
            html.Append(KeyValues("credits-total", [("credits_applied", Money(credits.OfType<JsonObject>().Sum(c => Long(c["amount"]) ?? 0), currency))], numeric: true));
            html.Append("</div>");
        }

        html.Append("<h2>Lines</h2>");
        var lines = invoice["lines"] as JsonObject;
        html.Append(DashboardApi.Table(
            [new("Id", o => $"<code>{Text(Str(o["id"]))}</code>"), new("Description", o => Text(Str(o["description"]))),
                new("Quantity", o => Text(Long(o["quantity"])?.ToString(System.Globalization.CultureInfo.InvariantCulture)), Numeric: true),
                new("Amount", o => Money(Long(o["amount"]), Str(o["currency"])), Numeric: true),
                new("Period", o => Time(Long(o["period"]?["start"])) + " – " + Time(Long(o["period"]?["end"])))],
            Rows(lines)));
        if (lines?["has_more"]?.GetValue<bool>() == true)
            html.Append($"<p>More lines than shown: <code>GET /v1/invoices/{Text(Str(invoice["id"]))}/lines</code>.</p>");

        html.Append("<h2>Payments</h2>");
        var payments = invoice["payments"] as JsonObject;
        html.Append("<div id=\"invoice-payments\">").Append(DashboardApi.Table(
            [new("Invoice payment", o => $"<code>{Text(Str(o["id"]))}</code>"), new("Status", o => Text(Str(o["status"]))),
                new("Payment type", o => Text(Str(o["payment"]?["type"]))),
                new("Payment record", o => DashboardParts.PaymentRecordLink(Str(o["payment"]?["payment_record"]))),
                new("Attempts", o => Outcomes(attempts, Str(o["payment"]?["payment_record"]))),
                new("Refunds", o => RefundSum(refunds, Str(o["payment"]?["payment_record"]), Str(o["currency"]))),
                new("Amount requested", o => Money(Long(o["amount_requested"]), Str(o["currency"])), Numeric: true),
                new("Amount paid", o => Money(Long(o["amount_paid"]), Str(o["currency"])), Numeric: true),
                new("Paid at", o => Time(Long(o["status_transitions"]?["paid_at"])))],
            Rows(payments))).Append("</div>");
        if (payments?["has_more"]?.GetValue<bool>() == true)
            html.Append($"<p>More payments than shown: <code>GET /v1/invoice_payments?invoice={Text(Str(invoice["id"]))}</code>.</p>");

        html.Append("<h2>Credit notes</h2>");
        html.Append("<div id=\"credit-notes\">").Append(DashboardApi.Table(
            [new("Credit note", o => DashboardParts.LinkOrDash("/dashboard/credit_notes/", Str(o["id"]))), new("Number", o => Text(Str(o["number"]))),
                new("Status", o => Text(Str(o["status"]))), new("Type", o => Text(Str(o["type"]))),
                new("Total", o => Money(Long(o["total"]), Str(o["currency"])), Numeric: true),
                new("Refunds", o => Refunds(o)),
                new("Credited to balance", o => Money(Long(o["credit_amount"]) ?? 0, Str(o["currency"])), Numeric: true),
                new("Out of band", o => Money(Long(o["out_of_band_amount"]) ?? 0, Str(o["currency"])), Numeric: true),
                new("Created", o => Time(Long(o["created"])))],
            Rows(notes))).Append("</div>");
        if (notes["has_more"]?.GetValue<bool>() == true)
            html.Append($"<p>More than {CreditNoteLimit} credit notes: <code>GET /v1/credit_notes?invoice={Text(Str(invoice["id"]))}</code>.</p>");

        html.Append(DashboardParts.Section("invoice-events", "Events", DashboardParts.EventTable(events)
            + "<p>Events of the invoice, its invoice payments and its credit notes, newest first.</p>"));
        return html.ToString();
    }

    /// <summary>A record's attempts, oldest first: "guaranteed" or "failed, guaranteed"; the record's page has the details.</summary>
    private static string Outcomes(IReadOnlyList<DashboardAttempt> attempts, string? recordId)
    {
        var mine = attempts.Where(a => Str(a.Json["payment_record"]) == recordId).Reverse().ToList();
        return mine.Count == 0 ? "—" : $"<span data-attempts=\"{mine.Count}\">{mine.Count}: {Text(string.Join(", ", mine.Select(a => a.Outcome)))}</span>";
    }

    /// <summary>What was reported refunded on a record, and in how many refunds.</summary>
    private static string RefundSum(IReadOnlyList<DashboardRefund> refunds, string? recordId, string? currency)
    {
        var mine = refunds.Where(r => r.PaymentRecordId == recordId).ToList();
        return mine.Count == 0 ? "—" : $"<span data-refunds=\"{mine.Count}\">{Money(mine.Sum(r => r.Amount), currency)} in {mine.Count}</span>";
    }

    /// <summary>Each refund of a credit note: its amount and the payment record it refunds.</summary>
    private static string Refunds(JsonObject note)
    {
        var refunds = (note["refunds"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        if (refunds.Count == 0) return "—";
        return string.Join("<br>", refunds.Select(r =>
            $"{Money(Long(r["amount_refunded"]), Str(note["currency"]))} refunded to <code>{Text(Str(r["payment_record_refund"]?["payment_record"]) ?? Str(r["refund"]))}</code>"));
    }

    private static IEnumerable<JsonObject> Rows(JsonObject? list) => DashboardParts.Rows(list);

    private static string KeyValues(string id, IEnumerable<(string Key, string Value)> pairs, bool numeric = false) =>
        DashboardParts.KeyValues(id, pairs, numeric);
}
