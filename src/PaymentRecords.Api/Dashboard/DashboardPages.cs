namespace PaymentRecords.Api.Dashboard;

/// <summary>The detail pages beside the invoice page, routed in one block (kept apart from DashboardApi's own routes).</summary>
public static class DashboardPages
{
    public static RouteGroupBuilder MapDashboardPages(this RouteGroupBuilder group)
    {
        group.MapGet("/payment_records/{id}", PaymentRecordPage.ShowAsync);
        group.MapGet("/subscriptions/{id}", SubscriptionPage.ShowAsync);
        group.MapGet("/customers/{id}", CustomerPage.ShowAsync);
        group.MapGet("/credit_notes/{id}", CreditNotePage.ShowAsync);
        group.MapGet("/webhook_endpoints/{id}", WebhookEndpointPage.ShowAsync);
        return group;
    }
}
