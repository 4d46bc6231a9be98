using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using static PaymentRecords.Api.Dashboard.Html;

namespace PaymentRecords.Api.Dashboard;

/// <summary>
/// One test clock: name, status, frozen time, deletes_after, its customers (<c>GET /v1/customers?test_clock=…</c>) and
/// their subscriptions (<c>GET /v1/subscriptions?test_clock=…&amp;status=all</c>, each with a link to its latest invoice),
/// three reads whatever their number (not <c>expand[]=data.latest_invoice</c>: the API expands each one on its own), and the
/// Advance form, which runs <c>POST /v1/test_helpers/test_clocks/{id}/advance</c>'s own handler (issue 13's
/// <c>AdvanceTestClock</c> use case) through <see cref="ApiWrites"/>. While the clock is advancing the page follows it
/// (<see cref="LiveRegion"/>) until it is ready.
/// </summary>
public static class TestClockPage
{
    /// <summary>Stripe's lists cap limit at 100; a clock with more customers or subscriptions says so under the table.</summary>
    private const int Limit = 100;

    private const string ClockPattern = "/v1/test_helpers/test_clocks/{test_clock}";

    public static string Url(string id) => "/dashboard/test_clocks/" + Uri.EscapeDataString(id);

    public static async Task<IResult> ShowAsync(HttpContext http, DashboardSession session, ApiReads reads)
    {
        if (session.Current(http) is not { } signedIn) return Results.Redirect("/dashboard");
        var id = (string)http.Request.RouteValues["test_clock"]!;
        return await RenderAsync(http, session, reads, signedIn, id, null, null, 200);
    }

    /// <summary>
    /// Advance: the picker's instant (a Unix time the page's script computed in the viewer's zone; without script the
    /// picker's value read as UTC), sent as <c>frozen_time</c> to the API's advance. The answer is the page as the advance
    /// left the clock (<c>advancing</c>, from the operation's own response), which then follows it; a refusal is shown
    /// with the API's message and status.
    /// </summary>
    public static async Task<IResult> AdvanceAsync(HttpContext http, DashboardSession session, ApiReads reads, ApiWrites writes)
    {
        if (session.Current(http) is not { } signedIn) return Results.Redirect("/dashboard");
        var id = (string)http.Request.RouteValues["test_clock"]!;
        if (!await session.IsValidPostAsync(http)) return DashboardActions.Expired(http, session, signedIn.Key, Url(id));
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var target = FrozenTime(form["frozen_time"].ToString(), form["frozen_time_local"].ToString());
        if (target is null)
            return await RenderAsync(http, session, reads, signedIn, id, null, "Choose the date and time to advance the clock to.", 400);
        JsonObject advanced;
        try
        {
            advanced = await writes.PostAsync(http, signedIn.AccountId, ClockPattern + "/advance",
                "frozen_time=" + target.Value.ToString(CultureInfo.InvariantCulture), new Dictionary<string, string> { ["test_clock"] = id });
        }
        catch (StripeException e) when (e.Error.Status is 404)
        {
            return DashboardApi.NotFound(http, session, signedIn.Key, $"No test clock with id {id} in this account.");
        }
        catch (StripeException e)
        {
            return await RenderAsync(http, session, reads, signedIn, id, null, e.Error.Message, e.Error.Status);
        }
        return await RenderAsync(http, session, reads, signedIn, id, advanced, null, 200);
    }

    /// <summary>The hidden Unix time when the script filled it, else the picker's value as UTC; null when neither reads.</summary>
    internal static long? FrozenTime(string unix, string local)
    {
        if (long.TryParse(unix.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return seconds;
        string[] formats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"];
        return DateTime.TryParseExact(local.Trim(), formats, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var utc)
            ? new DateTimeOffset(utc, TimeSpan.Zero).ToUnixTimeSeconds()
            : null;
    }

    private static async Task<IResult> RenderAsync(HttpContext http, DashboardSession session, ApiReads reads,
        (string Key, string AccountId) signedIn, string id, JsonObject? clock, string? refusal, int status)
    {
        JsonObject customers, subscriptions;
        try
        {
            clock ??= await reads.GetAsync(http, signedIn.AccountId, ClockPattern, "", new Dictionary<string, string> { ["test_clock"] = id });
            var onClock = "test_clock=" + Uri.EscapeDataString(id) + "&limit=" + Limit.ToString(CultureInfo.InvariantCulture);
            customers = await reads.GetAsync(http, signedIn.AccountId, "/v1/customers", onClock);
            subscriptions = await reads.GetAsync(http, signedIn.AccountId, "/v1/subscriptions", onClock + "&status=all");
        }
        catch (StripeException e) when (e.Error.Status is 404 or 400)
        {
            return DashboardApi.NotFound(http, session, signedIn.Key, $"No test clock with id {id} in this account.");
        }
        var antiforgery = session.AntiforgeryField(http);
        var body = Render(clock, customers, subscriptions, refusal, antiforgery);
        return DashboardApi.Page(DashboardLayout.Page("Test clock " + id, body, DashboardApi.Masked(signedIn.Key), antiforgery), status);
    }

    private static string Render(JsonObject clock, JsonObject customers, JsonObject subscriptions, string? refusal, string antiforgery)
    {
        var id = Str(clock["id"])!;
        var status = Str(clock["status"]);
        var frozen = Long(clock["frozen_time"]);
        var target = Long(clock["status_details"]?["advancing"]?["target_frozen_time"]);
        var advancing = status == "advancing";

        var live = new StringBuilder($"<h1>Test clock <code>{Text(id)}</code></h1>");
        if (refusal is not null) live.Append($"<p class=\"error\" role=\"alert\" id=\"refusal\">{Text(refusal)}</p>");
        live.Append("<table id=\"clock\"><tbody>");
        live.Append($"<tr><th scope=\"row\">Name</th><td>{Text(Str(clock["name"]) ?? "—")}</td></tr>");
        live.Append($"<tr><th scope=\"row\">Status</th><td><span class=\"status\" id=\"clock-status\">{Text(status)}</span></td></tr>");
        live.Append($"<tr><th scope=\"row\">Frozen time</th><td id=\"clock-frozen-time\" data-unix=\"{frozen}\">{Time(frozen)}</td></tr>");
        if (target is not null) live.Append($"<tr><th scope=\"row\">Advancing to</th><td>{Time(target)}</td></tr>");
        live.Append($"<tr><th scope=\"row\">Deletes after</th><td>{Time(Long(clock["deletes_after"]))}</td></tr>");
        live.Append($"<tr><th scope=\"row\">Created</th><td>{Time(Long(clock["created"]))}</td></tr>");
        live.Append("</tbody></table>");

        if (advancing) live.Append("<p role=\"status\">The clock is advancing: this page follows it until it is ready.</p>");
        else if (status == "ready") live.Append(AdvanceForm(id, frozen ?? 0, antiforgery));

        live.Append("<h2>Customers on this clock</h2>");
        var customerRows = Rows(customers);
        live.Append("<div id=\"clock-customers\">").Append(DashboardApi.Table(
            [new("Customer", c => PageLink("customers", Str(c["id"]))), new("Email", c => Text(Str(c["email"]))),
                new("Name", c => Text(Str(c["name"]))), new("Created", c => Time(Long(c["created"])))],
            customerRows)).Append("</div>");
        if (customerRows.Count == 0) live.Append("<p class=\"empty\">No customer on this clock.</p>");
        if (customers["has_more"]?.GetValue<bool>() == true) live.Append($"<p>More than {Limit} customers: <code>GET /v1/customers?test_clock={Text(id)}</code>.</p>");

        live.Append("<h2>Their subscriptions</h2>");
        var subscriptionRows = Rows(subscriptions);
        live.Append("<div id=\"clock-subscriptions\">").Append(DashboardApi.Table(
            [new("Subscription", s => PageLink("subscriptions", Str(s["id"]))), new("Customer", s => $"<code>{Text(Str(s["customer"]))}</code>"),
                new("Status", s => Text(Str(s["status"]))),
                new("Next renewal", s => SubscriptionPage.NextRenewal(s) is { } at ? Time(at) : "none"),
                new("Latest invoice", s => PageLink("invoices", Str(s["latest_invoice"])))],
            subscriptionRows)).Append("</div>");
        if (subscriptionRows.Count == 0) live.Append("<p class=\"empty\">No subscription on this clock.</p>");
        if (subscriptions["has_more"]?.GetValue<bool>() == true) live.Append($"<p>More than {Limit} subscriptions: <code>GET /v1/subscriptions?test_clock={Text(id)}&amp;status=all</code>.</p>");

        var state = $"{status}:{frozen}:" + string.Join(",", subscriptionRows.Select(s => $"{Str(s["status"])}:{Str(s["latest_invoice"])}"));
        return LiveRegion.Wrap(Url(id), state, advancing, live.ToString()) + PickerScript;
    }

    private static string PageLink(string slug, string? id) =>
        id is null ? "—" : Link($"/dashboard/{slug}/{Uri.EscapeDataString(id)}", id);

    /// <summary>
    /// The picker starts a day after the frozen time, to the minute. Its value is UTC in the markup; the script shows it in
    /// the viewer's zone and, on submit, puts the instant the viewer picked into the hidden <c>frozen_time</c>.
    /// </summary>
    private static string AdvanceForm(string id, long frozen, string antiforgery)
    {
        var start = (frozen + 86_400) / 60 * 60;
        var utc = DateTimeOffset.FromUnixTimeSeconds(start).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        return $"<h2>Advance</h2><form method=\"post\" action=\"{Attr(Url(id))}/advance\" id=\"advance-form\">{antiforgery}"
            + "<input type=\"hidden\" name=\"frozen_time\" value=\"\">"
            + "<label for=\"advance-to\">Advance the clock to</label> "
            + $"<input type=\"datetime-local\" id=\"advance-to\" name=\"frozen_time_local\" value=\"{utc}\" data-unix=\"{start}\" required aria-describedby=\"advance-zone\"> "
            + "<span id=\"advance-zone\">(UTC)</span> <button type=\"submit\">Advance</button></form>";
    }

    private const string PickerScript = """
        <script>
        (() => {
          const pad = n => String(n).padStart(2, '0');
          const init = () => {
            const input = document.getElementById('advance-to');
            if (!input || input.dataset.local) return;
            input.dataset.local = '1';
            const d = new Date(Number(input.dataset.unix) * 1000);
            input.value = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
            document.getElementById('advance-zone').textContent = `(your time zone, ${Intl.DateTimeFormat().resolvedOptions().timeZone})`;
            input.form.addEventListener('submit', () => {
              const picked = new Date(input.value); // a datetime-local value without offset is read in the viewer's zone
              if (!isNaN(picked)) input.form.elements['frozen_time'].value = Math.floor(picked.getTime() / 1000);
            });
          };
          init();
          document.addEventListener('dashboard:live', init);
        })();
        </script>
        """;

    private static List<JsonObject> Rows(JsonObject list) => (list["data"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
}
