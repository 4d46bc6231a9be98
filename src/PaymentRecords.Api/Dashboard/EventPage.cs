using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Webhooks;
using PaymentRecords.Api.Wire;
using static PaymentRecords.Api.Dashboard.Html;

namespace PaymentRecords.Api.Dashboard;

/// <summary>
/// One event: type, time, a link to its object's page, its JSON as <c>GET /v1/events/{id}</c> renders it, and its webhook
/// deliveries and attempts from <see cref="WebhookDeliveryService"/> (the service behind
/// <c>/dashboard/events/{event}/webhook_attempts</c>), with a Resend form per endpoint that posts to that same service.
/// </summary>
public static class EventPage
{
    // The API's text (Wire/StripeJson.cs), indented; the page HTML-encodes it.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The dashboard page of an object type, when there is one (i17p's pages included: they arrive by merge).</summary>
    private static readonly Dictionary<string, string> PageOf = new(StringComparer.Ordinal)
    {
        ["invoice"] = "invoices",
        ["subscription"] = "subscriptions",
        ["payment_record"] = "payment_records",
        ["customer"] = "customers",
        ["credit_note"] = "credit_notes",
        ["webhook_endpoint"] = "webhook_endpoints",
        ["test_helpers.test_clock"] = "test_clocks",
    };

    public static string Url(string id) => "/dashboard/events/" + Uri.EscapeDataString(id);

    public static async Task<IResult> ShowAsync(HttpContext http, DashboardSession session, ApiReads reads, WebhookDeliveryService deliveries)
    {
        if (session.Current(http) is not { } signedIn) return Results.Redirect("/dashboard");
        return await RenderAsync(http, session, reads, deliveries, signedIn, (string)http.Request.RouteValues["id"]!, null, 200);
    }

    /// <summary>
    /// Resend: one attempt now, through <see cref="WebhookDeliveryService.ResendAsync"/> exactly as the attempts route
    /// sends it; the answer comes once the attempt is recorded, so the page it redirects to shows it. A refusal is shown
    /// on the page with the route's message and status.
    /// </summary>
    public static async Task<IResult> ResendAsync(HttpContext http, DashboardSession session, ApiReads reads, WebhookDeliveryService deliveries)
    {
        if (session.Current(http) is not { } signedIn) return Results.Redirect("/dashboard");
        var id = (string)http.Request.RouteValues["id"]!;
        if (!await session.IsValidPostAsync(http)) return DashboardActions.Expired(http, session, signedIn.Key, Url(id));
        var endpoint = (await http.Request.ReadFormAsync(http.RequestAborted))["endpoint"].ToString().Trim();
        try
        {
            if (endpoint.Length == 0) throw new StripeException(ErrorCatalog.MissingParameter("endpoint"));
            await deliveries.ResendAsync(signedIn.AccountId, id, endpoint, http.RequestAborted);
        }
        catch (StripeException e)
        {
            return await RenderAsync(http, session, reads, deliveries, signedIn, id, e.Error.Message, e.Error.Status);
        }
        return Results.Redirect(Url(id) + "#webhook-attempts");
    }

    private static async Task<IResult> RenderAsync(HttpContext http, DashboardSession session, ApiReads reads, WebhookDeliveryService deliveries,
        (string Key, string AccountId) signedIn, string id, string? refusal, int status)
    {
        JsonObject evt, history;
        try
        {
            evt = await reads.GetAsync(http, signedIn.AccountId, "/v1/events/{id}", "", new Dictionary<string, string> { ["id"] = id });
            history = await deliveries.HistoryAsync(signedIn.AccountId, id, http.RequestAborted);
        }
        catch (StripeException e) when (e.Error.Status is 404 or 400)
        {
            return DashboardApi.NotFound(http, session, signedIn.Key, $"No event with id {id} in this account.");
        }
        var antiforgery = session.AntiforgeryField(http);
        var body = Render(evt, history, refusal, antiforgery);
        return DashboardApi.Page(DashboardLayout.Page("Event " + id, body, DashboardApi.Masked(signedIn.Key), antiforgery), status);
    }

    private static string Render(JsonObject evt, JsonObject history, string? refusal, string antiforgery)
    {
        var id = Str(evt["id"])!;
        var html = new StringBuilder();
        html.Append($"<h1>Event <code>{Text(id)}</code></h1>");
        if (refusal is not null) html.Append($"<p class=\"error\" role=\"alert\" id=\"refusal\">{Text(refusal)}</p>");
        html.Append($"<p>Type: <code id=\"event-type\">{Text(Str(evt["type"]))}</code> · Created {Time(Long(evt["created"]))}");
        html.Append($" · Object: {ObjectLink(evt["data"]?["object"] as JsonObject)}</p>");

        var deliveryRows = (history["deliveries"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var attemptRows = (history["attempts"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var pending = deliveryRows.Any(d => Str(d["state"]) == "pending");
        var live = new StringBuilder("<h2>Webhook deliveries</h2>");
        if (deliveryRows.Count == 0) live.Append("<p class=\"empty\">No webhook endpoint was subscribed to this event when it happened.</p>");
        else
            live.Append("<div id=\"webhook-deliveries\">").Append(DashboardApi.Table(
                [new("Endpoint", d => Endpoint(d)), new("State", d => $"<span class=\"status\">{Text(Str(d["state"]))}</span>"),
                    new("Attempts", d => Text(Int(d["attempts"])?.ToString(CultureInfo.InvariantCulture)), Numeric: true),
                    new("Next attempt", d => Time(Long(d["next_attempt_at"]))), new("Delivered", d => Time(Long(d["delivered_at"]))),
                    new("Action", d => ResendForm(id, Str(d["endpoint"])!, antiforgery))],
                deliveryRows)).Append("</div>");
        if (pending) live.Append("<p role=\"status\">A delivery is pending: this page follows it until it completes.</p>");

        live.Append("<h2 id=\"webhook-attempts\">Delivery attempts</h2>");
        if (attemptRows.Count == 0) live.Append("<p class=\"empty\">No attempt yet.</p>");
        else
            live.Append("<div id=\"attempts\">").Append(DashboardApi.Table(
                [new("Time", a => Time(Long(a["attempted_at"]))), new("Endpoint", a => Endpoint(a)),
                    new("Status code", a => Text(Int(a["status_code"])?.ToString(CultureInfo.InvariantCulture) ?? "none"), Numeric: true),
                    new("Latency", a => Text(Int(a["duration_ms"])?.ToString(CultureInfo.InvariantCulture) + " ms"), Numeric: true),
                    new("Response", a => Excerpt(a)),
                    new("Kind", a => a["resend"]?.GetValue<bool>() == true ? "resend" : "automatic"),
                    new("Next retry", a => Time(Long(a["next_retry_at"])))],
                attemptRows)).Append("</div>");
        var state = string.Join(",", deliveryRows.Select(d => $"{Str(d["endpoint"])}:{Str(d["state"])}:{Int(d["attempts"])}")) + "/" + attemptRows.Count;
        html.Append(LiveRegion.Wrap(Url(id), state, pending, live.ToString()));

        html.Append("<h2>Event JSON</h2>");
        html.Append($"<pre id=\"event-json\" tabindex=\"0\" aria-label=\"Event JSON\">{Text(evt.ToJsonString(Indented))}</pre>");
        return html.ToString();
    }

    /// <summary>The delivery history's counts are ints in its JSON (<see cref="Html.Long"/> reads longs only).</summary>
    private static long? Int(JsonNode? node) => node is JsonValue v && v.TryGetValue<int>(out var i) ? i : Long(node);

    private static string ObjectLink(JsonObject? obj)
    {
        var objectId = Str(obj?["id"]);
        if (objectId is null) return "—";
        var type = Str(obj?["object"]) ?? "";
        return PageOf.TryGetValue(type, out var slug)
            ? $"{Text(type)} {Link($"/dashboard/{slug}/{Uri.EscapeDataString(objectId)}", objectId)}"
            : $"{Text(type)} <code>{Text(objectId)}</code>";
    }

    private static string Endpoint(JsonObject row) =>
        $"<code>{Text(Str(row["endpoint"]))}</code>" + (Str(row["url"]) is { } url ? $"<br><span class=\"url\">{Text(url)}</span>" : "");

    private static string Excerpt(JsonObject attempt)
    {
        var error = Str(attempt["error"]);
        var excerpt = Str(attempt["response_excerpt"]);
        if (error is null && excerpt is null) return "—";
        return (error is null ? "" : $"<span class=\"error\">{Text(error)}</span> ") + (excerpt is null ? "" : $"<code>{Text(excerpt)}</code>");
    }

    private static string ResendForm(string eventId, string endpoint, string antiforgery) =>
        $"<form method=\"post\" action=\"{Attr(Url(eventId))}/resend\">{antiforgery}"
        + $"<input type=\"hidden\" name=\"endpoint\" value=\"{Attr(endpoint)}\">"
        + $"<button type=\"submit\" aria-label=\"Resend to {Attr(endpoint)}\">Resend</button></form>";
}
