using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using PaymentRecords.Api.Pipeline;
using static PaymentRecords.Api.Dashboard.DashboardParts;
using static PaymentRecords.Api.Dashboard.Html;

namespace PaymentRecords.Api.Dashboard;

/// <summary>
/// One subscription: status, items with their periods, trial and cancellation dates, the next renewal, its status
/// history (from its <c>customer.subscription.*</c> events) and its invoices in order. Three reads (the subscription,
/// GET /v1/invoices?subscription=…, the subscription's events), whatever the number of items, invoices or events.
/// </summary>
public static class SubscriptionPage
{
    /// <summary>Stripe's list limit; a subscription with more invoices says so.</summary>
    public const int InvoiceLimit = 100;

    /// <summary>Events read for the history (newest first; older ones beyond this are not shown).</summary>
    public const int EventLimit = 100;

    public static Task<IResult> ShowAsync(HttpContext http, DashboardSession session, ApiReads reads, DashboardReads more) =>
        DetailAsync(http, session, "id", "subscription", async (account, id) =>
        {
            var subscription = await reads.GetAsync(http, account, "/v1/subscriptions/{subscription_exposed_id}", "",
                new Dictionary<string, string> { ["subscription_exposed_id"] = id });
            var invoices = await reads.GetAsync(http, account, "/v1/invoices", $"subscription={Uri.EscapeDataString(id)}&limit={InvoiceLimit}");
            var events = await more.EventsOfAsync(account, [id], EventLimit);
            return ("Subscription " + id, Render(subscription, invoices, events));
        });

    /// <summary>
    /// The next renewal: the current period's end (the earliest among the items), or none when the subscription has
    /// ended (canceled, incomplete_expired), will end at the period's end (cancel_at_period_end), or is set to cancel
    /// (cancel_at) no later than that end.
    /// </summary>
    public static long? NextRenewal(JsonObject subscription)
    {
        var status = Str(subscription["status"]);
        if (status is "canceled" or "incomplete_expired") return null;
        if (subscription["cancel_at_period_end"]?.GetValue<bool>() == true) return null;
        var ends = Rows(subscription["items"] as JsonObject).Select(i => Long(i["current_period_end"])).OfType<long>().ToList();
        if (ends.Count == 0) return null;
        var end = ends.Min();
        return Long(subscription["cancel_at"]) is { } cancelAt && cancelAt <= end ? null : end;
    }

    /// <summary>
    /// Status history, oldest first: the status each customer.subscription.* event left (data.object.status), with the
    /// status before it (previous_attributes.status, or the status the previous event left); events that did not move
    /// the status are left out.
    /// </summary>
    public static IReadOnlyList<(JsonObject Event, string? From, string? To)> StatusHistory(IEnumerable<JsonObject> newestFirst)
    {
        var history = new List<(JsonObject, string?, string?)>();
        string? last = null;
        foreach (var e in newestFirst.Reverse())
        {
            var type = Str(e["type"]) ?? "";
            if (!type.StartsWith("customer.subscription.", StringComparison.Ordinal)) continue;
            var to = Str(e["data"]?["object"]?["status"]);
            var previous = e["data"]?["previous_attributes"] as JsonObject;
            // customer.subscription.deleted carries no previous_attributes (as Stripe's): it left the status the history last showed.
            string? from = previous?.ContainsKey("status") == true ? Str(previous["status"]) : type == "customer.subscription.created" ? null : last;
            if (type == "customer.subscription.created" || from != to) history.Add((e, from, to));
            last = to;
        }
        return history;
    }

    private static string Render(JsonObject sub, JsonObject invoices, IReadOnlyList<JsonObject> events)
    {
        var html = new StringBuilder($"<h1>Subscription {Code(Str(sub["id"]))}</h1>");
        html.Append($"<p>Status: <span class=\"status\" id=\"subscription-status\">{Text(Str(sub["status"]))}</span>");
        html.Append($" · Customer: {LinkOrDash("/dashboard/customers/", Str(sub["customer"]))}");
        html.Append($" · Collection: {Text(Str(sub["collection_method"]))} · Created {Time(Long(sub["created"]))}</p>");

        var renewal = NextRenewal(sub);
        html.Append(Section("dates", "Dates", KeyValues("subscription-dates",
        [
            ("next_renewal", renewal is null ? "none" : Time(renewal)),
            ("start_date", Time(Long(sub["start_date"]))),
            ("billing_cycle_anchor", Time(Long(sub["billing_cycle_anchor"]))),
            ("trial_start", Time(Long(sub["trial_start"]))),
            ("trial_end", Time(Long(sub["trial_end"]))),
            ("cancel_at", Time(Long(sub["cancel_at"]))),
            ("cancel_at_period_end", sub["cancel_at_period_end"]?.GetValue<bool>() == true ? "true" : "false"),
            ("canceled_at", Time(Long(sub["canceled_at"]))),
            ("ended_at", Time(Long(sub["ended_at"]))),
            ("test_clock", Str(sub["test_clock"]) is { } clock ? Code(clock) : "—"),
        ])));

        html.Append(Section("items", "Items", DashboardApi.Table(
            [new("Item", o => Code(Str(o["id"]))), new("Price", o => Code(Str(o["price"]?["id"]))),
                new("Unit amount", o => Money(Long(o["price"]?["unit_amount"]), Str(o["price"]?["currency"])), Numeric: true),
                new("Interval", o => Text(Interval(o["price"]?["recurring"]))),
                new("Quantity", o => Number(Long(o["quantity"])), Numeric: true),
                new("Current period start", o => Time(Long(o["current_period_start"]))),
                new("Current period end", o => Time(Long(o["current_period_end"])))],
            Rows(sub["items"] as JsonObject))));

        var history = StatusHistory(events);
        html.Append(Section("status-history", "Status history", history.Count == 0 ? Empty("No status events.") :
            "<table><thead><tr><th scope=\"col\">When</th><th scope=\"col\">From</th><th scope=\"col\">To</th><th scope=\"col\">Event</th></tr></thead><tbody>"
            + string.Concat(history.Select(h => $"<tr><td>{Time(Long(h.Event["created"]))}</td><td>{Text(h.From ?? "—")}</td>"
                + $"<td class=\"status\">{Text(h.To)}</td><td>{Link("/dashboard/events/" + Str(h.Event["id"]), Str(h.Event["type"]) ?? "")}</td></tr>"))
            + "</tbody></table>"));

        // The API lists newest first; a subscription's invoices read in the order they were billed.
        var billed = Rows(invoices).Reverse().ToList();
        html.Append(Section("invoices", "Invoices, oldest first", (billed.Count == 0 ? Empty("No invoices.") : InvoiceTable(billed))
            + (invoices["has_more"]?.GetValue<bool>() == true ? $"<p>Only the newest {InvoiceLimit} invoices are shown.</p>" : "")));

        html.Append(Section("events", "Events", EventTable(events)));
        return html.ToString();
    }

    private static string Interval(JsonNode? recurring) => recurring is null ? "one-time"
        : $"every {Long(recurring["interval_count"])?.ToString(CultureInfo.InvariantCulture) ?? "1"} {Str(recurring["interval"])}";
}
