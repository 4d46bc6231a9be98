using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using static PaymentRecords.Api.Dashboard.Html;

namespace PaymentRecords.Api.Dashboard;

/// <summary>What the detail pages share: the signed-in check and 404 page, field tables, and the attempt, refund and event tables.</summary>
public static class DashboardParts
{
    /// <summary>
    /// A detail page: redirect to sign-in without a session; the API's refusal of the id (404 for another account's
    /// object, 400 for a malformed one) is this page's 404, as the API's would be.
    /// </summary>
    public static async Task<IResult> DetailAsync(HttpContext http, DashboardSession session, string routeValue, string what,
        Func<string, string, Task<(string Title, string Body)?>> render)
    {
        if (session.Current(http) is not { } signedIn) return Results.Redirect("/dashboard");
        var id = (string)http.Request.RouteValues[routeValue]!;
        (string Title, string Body)? page;
        try
        {
            page = await render(signedIn.AccountId, id);
        }
        catch (StripeException e) when (e.Error.Status is 404 or 400)
        {
            page = null;
        }
        if (page is not { } shown) return DashboardApi.NotFound(http, session, signedIn.Key, $"No {what} with id {id} in this account.");
        return DashboardApi.Page(DashboardLayout.Page(shown.Title, shown.Body, DashboardApi.Masked(signedIn.Key), session.AntiforgeryField(http)), 200);
    }

    public static IEnumerable<JsonObject> Rows(JsonObject? list) => (list?["data"] as JsonArray)?.OfType<JsonObject>() ?? [];

    /// <summary>A two-column table of named values; each value cell carries <c>data-field</c> (what tests and people look up).</summary>
    public static string KeyValues(string id, IEnumerable<(string Key, string Value)> pairs, bool numeric = false)
    {
        var html = new StringBuilder($"<table id=\"{id}\"><tbody>");
        foreach (var (key, value) in pairs)
            html.Append($"<tr><th scope=\"row\">{Text(key)}</th><td{(numeric ? " class=\"num\"" : "")} data-field=\"{Attr(key)}\">{value}</td></tr>");
        return html.Append("</tbody></table>").ToString();
    }

    public static string Section(string id, string heading, string content) =>
        $"<section id=\"{id}\" aria-labelledby=\"{id}-h\"><h2 id=\"{id}-h\">{Text(heading)}</h2>{content}</section>";

    public static string Code(string? text) => $"<code>{Text(text)}</code>";

    public static string Number(long? value) => Text(value?.ToString(CultureInfo.InvariantCulture) ?? "—");

    /// <summary>A payment record amount: the API's <c>{currency, value}</c>.</summary>
    public static string RecordMoney(JsonNode? amount) => Money(Long(amount?["value"]), Str(amount?["currency"]));

    public static string LinkOrDash(string prefix, string? id) => id is null ? "—" : Link(prefix + id, id);

    public static string PaymentRecordLink(string? id) => LinkOrDash("/dashboard/payment_records/", id);

    public static string Empty(string text) => $"<p class=\"empty\">{Text(text)}</p>";

    /// <summary>Attempts with their outcome (and when it came), amounts as the API renders them.</summary>
    public static string Attempts(IReadOnlyList<DashboardAttempt> attempts)
    {
        if (attempts.Count == 0) return Empty("No attempts.");
        var outcomes = attempts.ToDictionary(a => Str(a.Json["id"])!);
        var columns = new List<DashboardColumn>
        {
            new("Attempt", o => Code(Str(o["id"]))),
            new("Outcome", o => $"<span class=\"status\">{Text(outcomes[Str(o["id"])!].Outcome)}</span>"),
            new("Outcome at", o => Time(outcomes[Str(o["id"])!].OutcomeAt)),
            new("Requested", o => RecordMoney(o["amount_requested"]), Numeric: true),
            new("Guaranteed", o => RecordMoney(o["amount_guaranteed"]), Numeric: true),
            new("Failed", o => RecordMoney(o["amount_failed"]), Numeric: true),
            new("Canceled", o => RecordMoney(o["amount_canceled"]), Numeric: true),
            new("Refunded", o => RecordMoney(o["amount_refunded"]), Numeric: true),
            new("Created", o => Time(Long(o["created"]))),
        };
        return DashboardApi.Table(columns, attempts.Select(a => a.Json));
    }

    /// <summary>Refunds reported with report_refund: the reference a credit note cites as <c>refund_group</c>.</summary>
    public static string Refunds(IReadOnlyList<DashboardRefund> refunds)
    {
        if (refunds.Count == 0) return Empty("No refunds reported.");
        var html = new StringBuilder("<table><thead><tr><th scope=\"col\">Refund</th>");
        html.Append("<th scope=\"col\">Refund reference</th><th scope=\"col\" class=\"num\">Amount</th><th scope=\"col\">Refunded at</th><th scope=\"col\">Attempt</th></tr></thead><tbody>");
        foreach (var r in refunds)
        {
            html.Append($"<tr><td>{Code(r.Id)}</td>");
            html.Append($"<td>{Code(r.RefundReference)}</td><td class=\"num\">{Money(r.Amount, r.Currency)}</td><td>{Time(r.RefundedAt)}</td><td>{Code(r.PaymentAttemptRecordId)}</td></tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>Events newest first, each linked to its event page.</summary>
    public static string EventTable(IReadOnlyList<JsonObject> events) => events.Count == 0 ? Empty("No events.") : DashboardApi.Table(
        [new("Event", o => Link("/dashboard/events/" + Str(o["id"]), Str(o["id"]) ?? "")), new("Type", o => Text(Str(o["type"]))),
            new("Object", o => Code(Str(o["data"]?["object"]?["id"]))), new("Created", o => Time(Long(o["created"])))],
        events);

    /// <summary>Invoices as the list shows them, linked to their pages.</summary>
    public static string InvoiceTable(IEnumerable<JsonObject> invoices) => DashboardApi.Table(
        [new("Invoice", o => LinkOrDash("/dashboard/invoices/", Str(o["id"]))), new("Number", o => Text(Str(o["number"]) ?? "—")),
            new("Status", o => Text(Str(o["status"]))), new("Billing reason", o => Text(Str(o["billing_reason"]))),
            new("Total", o => Money(Long(o["total"]), Str(o["currency"])), Numeric: true),
            new("Amount paid", o => Money(Long(o["amount_paid"]), Str(o["currency"])), Numeric: true),
            new("Period", o => Time(Long(o["period_start"])) + " – " + Time(Long(o["period_end"]))),
            new("Created", o => Time(Long(o["created"])))],
        invoices);
}
