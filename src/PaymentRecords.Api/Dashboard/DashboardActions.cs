using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Webhooks;

namespace PaymentRecords.Api.Dashboard;

/// <summary>
/// The pages that carry the dashboard's actions: an event with its webhook deliveries and Resend, a test clock with
/// Advance. The actions are POST forms with the antiforgery token; each goes through the API's own path (the webhook
/// delivery service of issue 10, the advance operation of issue 13), never around it.
/// </summary>
public static class DashboardActions
{
    public static RouteGroupBuilder MapDashboardActions(this RouteGroupBuilder group)
    {
        group.MapGet("/events/{id}", (HttpContext http, DashboardSession session, ApiReads reads, WebhookDeliveryService deliveries) =>
            EventPage.ShowAsync(http, session, reads, deliveries));
        group.MapPost("/events/{id}/resend", (HttpContext http, DashboardSession session, ApiReads reads, WebhookDeliveryService deliveries) =>
            EventPage.ResendAsync(http, session, reads, deliveries));
        group.MapGet("/test_clocks/{test_clock}", (HttpContext http, DashboardSession session, ApiReads reads) =>
            TestClockPage.ShowAsync(http, session, reads));
        group.MapPost("/test_clocks/{test_clock}/advance", (HttpContext http, DashboardSession session, ApiReads reads, ApiWrites writes) =>
            TestClockPage.AdvanceAsync(http, session, reads, writes));
        return group;
    }

    /// <summary>A form posted without a valid antiforgery token: refused with 400, nothing done.</summary>
    internal static IResult Expired(HttpContext http, DashboardSession session, string key, string back) =>
        DashboardApi.Page(DashboardLayout.Page("Refused",
            $"<h1>The form expired</h1><p role=\"alert\">Nothing was done. {Html.Link(back, "Back to the page")}.</p>",
            DashboardApi.Masked(key), session.AntiforgeryField(http)), 400);
}
