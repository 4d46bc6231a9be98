using System.Text.Json.Nodes;
using PaymentRecords.Api.Billing;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using PaymentRecords.Api.Wire.Spec;
using PaymentRecords.Application.Meters;
using PaymentRecords.Domain.Meters;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.Api.Meters;

/// <summary>
/// /v1/billing/alerts: usage alerts on a meter (docs/endpoints-billing-meters.md, "Billing alerts"). The use cases,
/// and when an alert fires, are in Application/Meters/BillingAlertUseCases.cs.
/// </summary>
public static class BillingAlertsApi
{
    private const string Tag = "Billing alerts";
    private const string Url = "/v1/billing/alerts";
    private const string ObjectType = BillingAlertRenderer.ObjectType;
    private const int MaxTitleLength = 256;

    public static readonly ObjectExpansions Expansions = new(ObjectType, new Dictionary<string, string?>
    {
        ["usage_threshold.meter"] = MeterRenderer.ObjectType,
        ["usage_threshold.filters.customer"] = "customer",
    });

    public static IEndpointRouteBuilder MapBillingAlerts(this IEndpointRouteBuilder app)
    {
        app.MapStripe("POST", Url, StripeOperations.PostBillingAlerts, ObjectType, Create).WithTags(Tag);
        app.MapStripe("GET", Url, StripeOperations.GetBillingAlerts, ObjectType, List, isList: true).WithTags(Tag);
        app.MapStripe("GET", Url + "/{id}", StripeOperations.GetBillingAlertsId, ObjectType, Retrieve).WithTags(Tag);
        app.MapStripe("POST", Url + "/{id}/activate", StripeOperations.PostBillingAlertsIdActivate, ObjectType, s => Move(s, AlertStatusMove.Activate)).WithTags(Tag);
        app.MapStripe("POST", Url + "/{id}/deactivate", StripeOperations.PostBillingAlertsIdDeactivate, ObjectType, s => Move(s, AlertStatusMove.Deactivate)).WithTags(Tag);
        app.MapStripe("POST", Url + "/{id}/archive", StripeOperations.PostBillingAlertsIdArchive, ObjectType, s => Move(s, AlertStatusMove.Archive)).WithTags(Tag);
        return app;
    }

    private static EfMeterStore Store(RequestScope s) => new(s.Db, s.AccountId);

    /// <summary>Expansion loader.</summary>
    public static async Task<JsonObject?> LoadAsync(RequestScope s, string id) =>
        await Store(s).FindAlertAsync(id) is { } alert ? BillingAlertRenderer.Render(alert) : null;

    private static async Task<JsonObject> Create(RequestScope s)
    {
        var p = s.Params;
        var title = p.String("title")!;
        if (title.Length > MaxTitleLength) throw new StripeException(ErrorCatalog.StringTooLong("title", title, MaxTitleLength));
        // The spec leaves usage_threshold optional (for alert types to come); usage_threshold is the one type.
        var threshold = p.Nested("usage_threshold") ?? throw new StripeException(ErrorCatalog.MissingParameter("usage_threshold"));
        var gte = threshold.Long("gte")!.Value;
        if (gte < 1) throw new StripeException(MeterErrors.AlertGteNotPositive());
        string? customer = null;
        if (threshold.Array("filters") is { } filters)
        {
            if (filters.Count > 1) throw new StripeException(MeterErrors.AlertOneFilter());
            if (filters.Count == 1)
            {
                customer = new StripeParams(filters[0] as JsonObject ?? throw new StripeException(ErrorCatalog.InvalidHash("usage_threshold[filters][0]")))
                    .String("customer");
                if (string.IsNullOrEmpty(customer)) throw new StripeException(ErrorCatalog.MissingParameter("usage_threshold[filters][0][customer]"));
            }
        }
        var command = new CreateBillingAlertCommand(title, threshold.String("meter")!, gte, customer);
        var billing = new RequestBilling(s);
        var alert = await billing.RunAsync(b => new CreateBillingAlert(b).RunAsync(command), Refusal);
        return await s.ExpandAsync(BillingAlertRenderer.Render(alert), ObjectType);
    }

    private static async Task<JsonObject> Retrieve(RequestScope s)
    {
        var id = s.Route("id");
        var rendered = await LoadAsync(s, id) ?? throw new StripeException(ErrorCatalog.NoSuch(ObjectType, id, "id"));
        return await s.ExpandAsync(rendered, ObjectType);
    }

    private static async Task<JsonObject> Move(RequestScope s, AlertStatusMove move)
    {
        var id = s.Route("id");
        var billing = new RequestBilling(s);
        var alert = await billing.RunAsync(b => new MoveBillingAlert(b).RunAsync(id, move), Refusal);
        return await s.ExpandAsync(BillingAlertRenderer.Render(alert), ObjectType);
    }

    /// <summary>Active and inactive alerts, newest first ("Lists billing active and inactive alerts": archived ones are left out).</summary>
    private static async Task<JsonObject> List(RequestScope s)
    {
        var all = Store(s).Alerts();
        var query = all.Where(a => a.Status != BillingAlert.Archived);
        if (s.Params.String("alert_type") is { } type) query = query.Where(a => a.AlertType == type);
        if (s.Params.String("meter") is { } meter) query = query.Where(a => a.MeterId == meter);
        var page = await Pagination.PageAsync(all, query, s.Params, ObjectType);
        var list = Pagination.Envelope(page.Items.Select(BillingAlertRenderer.Render), page.HasMore, Url);
        await s.Expansions.ApplyToListAsync(s, list, ObjectType, s.Expand.Child("data") ?? ExpandTree.Empty);
        return list;
    }

    private static StripeError? Refusal(Exception e) => e switch
    {
        MeterRefused { Reason: MeterRefusal.AlertLimitReached } => MeterErrors.AlertLimit(),
        MeterRefused { Reason: MeterRefusal.AlertArchived } r => MeterErrors.AlertArchived(r.Key, r.Value),
        _ => null,
    };
}
