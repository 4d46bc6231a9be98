using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PaymentRecords.Api.Billing;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Rendering;
using PaymentRecords.Api.Wire;
using PaymentRecords.Api.Wire.Spec;
using PaymentRecords.Domain.Common;
using PaymentRecords.Domain.Webhooks;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.Api.WebhookEndpoints;

/// <summary>
/// <c>/v1/webhook_endpoints</c>: where an account's events are delivered (see <c>Webhooks/WebhookDispatcher</c>).
/// Stripe keeps no events for these objects, and neither does this server.
/// </summary>
public static partial class WebhookEndpointsApi
{
    public const string ObjectType = "webhook_endpoint";

    public static readonly ObjectExpansions Expansions = new(ObjectType, new Dictionary<string, string?>());

    /// <summary>
    /// The create operation as the spec declares it, except <c>api_version</c>: the spec enumerates Stripe's released
    /// versions, but an SDK of a later release train (Stripe.net 53.1.0 pins <c>2026-10-28.endive</c>) must be able to
    /// create an endpoint in its own version, as the <c>Stripe-Version</c> header accepts any dated version.
    /// </summary>
    public static readonly OperationSpec PostWebhookEndpoints = StripeOperations.PostWebhookEndpoints with
    {
        Parameters = [.. StripeOperations.PostWebhookEndpoints.Parameters
            .Select(p => p.Name == "api_version" ? p with { Enum = null } : p)],
    };

    /// <summary>The operations these routes use in place of the generated ones (the contract test allows exactly these).</summary>
    public static OperationSpec? Override(string method, string pattern) =>
        method == "POST" && pattern == "/v1/webhook_endpoints" ? PostWebhookEndpoints : null;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(\.[a-z_]+)?$")]
    private static partial Regex ApiVersionPattern();

    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapStripe("POST", "/v1/webhook_endpoints", PostWebhookEndpoints, ObjectType, Create, singleTrip: true).WithTags("Webhook endpoints");
        app.MapStripe("GET", "/v1/webhook_endpoints", StripeOperations.GetWebhookEndpoints, ObjectType, List, isList: true).WithTags("Webhook endpoints");
        app.MapStripe("GET", "/v1/webhook_endpoints/{webhook_endpoint}", StripeOperations.GetWebhookEndpointsWebhookEndpoint, ObjectType, Retrieve)
            .WithTags("Webhook endpoints");
        app.MapStripe("POST", "/v1/webhook_endpoints/{webhook_endpoint}", StripeOperations.PostWebhookEndpointsWebhookEndpoint, ObjectType, Update)
            .WithTags("Webhook endpoints");
        app.MapStripe("DELETE", "/v1/webhook_endpoints/{webhook_endpoint}", StripeOperations.DeleteWebhookEndpointsWebhookEndpoint, ObjectType, Delete)
            .WithTags("Webhook endpoints");
        return app;
    }

    private static EfWebhookEndpointStore Store(RequestScope s) => new(s.Db, s.AccountId);

    public static async Task<JsonObject?> LoadAsync(RequestScope s, string id) =>
        await Store(s).FindAsync(id) is { } w ? WebhookEndpointRenderer.Render(w) : null;

    private static async Task<WebhookEndpoint> FindForUpdateAsync(RequestScope s, string id) =>
        await Store(s).LockAsync(id) ?? throw new StripeException(ErrorCatalog.NoSuch(ObjectType, id, "id"));

    /// <summary>Live (not deleted) endpoints an account may have, as on Stripe.</summary>
    public const int MaxEndpoints = 16;

    private static async Task<JsonObject> Create(RequestScope s)
    {
        var p = s.Params;
        var url = CheckedUrl(p.String("url")!);
        var apiVersion = p.String("api_version");
        if (apiVersion is not null && !ApiVersionPattern().IsMatch(apiVersion))
            throw new StripeException(WebhookEndpointErrors.WebhookApiVersionInvalid(apiVersion));
        // "You can register up to 16 webhook endpoints on each Stripe account."
        if (await Store(s).Live().CountAsync() >= MaxEndpoints) throw new StripeException(WebhookEndpointErrors.TooManyEndpoints(MaxEndpoints));
        // Events already written (seq up to the sequence's current value) are never sent to a new endpoint.
        var eventsAfter = await Store(s).LastEventSeqAsync();
        var endpoint = new WebhookEndpoint
        {
            AccountId = s.AccountId,
            Id = Ids.New(WebhookEndpoint.IdPrefix),
            Created = s.Now,
            Url = url,
            EnabledEvents = [.. p.Strings("enabled_events").Distinct(StringComparer.Ordinal)],
            ApiVersion = apiVersion,
            Description = p.IsUnset("description") ? null : p.String("description"),
            Secret = WebhookEndpoint.NewSecret(),
            EventsAfterSeq = eventsAfter,
        };
        if (p.MetadataUpdate() is { } metadata) endpoint.Metadata = MetadataRules.MergeChecked(endpoint.Metadata, metadata);
        Store(s).Add(endpoint);
        return WebhookEndpointRenderer.Render(endpoint, withSecret: true);
    }

    private static async Task<JsonObject> Retrieve(RequestScope s)
    {
        var id = s.Route("webhook_endpoint");
        return await LoadAsync(s, id) ?? throw new StripeException(ErrorCatalog.NoSuch(ObjectType, id, "id"));
    }

    private static async Task<JsonObject> Update(RequestScope s)
    {
        var p = s.Params;
        var endpoint = await FindForUpdateAsync(s, s.Route("webhook_endpoint"));
        if (p.String("url") is { } url) endpoint.Url = CheckedUrl(url);
        if (p.Has("enabled_events")) endpoint.EnabledEvents = [.. p.Strings("enabled_events").Distinct(StringComparer.Ordinal)];
        if (p.Has("description")) endpoint.Description = p.IsUnset("description") ? null : p.String("description");
        if (p.Bool("disabled") is { } disabled)
        {
            if (endpoint.Disabled && !disabled) await Store(s).EndRetriesDueWhileDisabledAsync(endpoint.Id);
            endpoint.Disabled = disabled;
        }
        if (p.IsUnset("metadata")) endpoint.Metadata = [];
        else if (p.MetadataUpdate() is { } update) endpoint.Metadata = MetadataRules.MergeChecked(endpoint.Metadata, update);
        return WebhookEndpointRenderer.Render(endpoint);
    }

    private static async Task<JsonObject> Delete(RequestScope s)
    {
        var endpoint = await FindForUpdateAsync(s, s.Route("webhook_endpoint"));
        endpoint.Deleted = true;
        // What is still owed to it is owed to nobody now: its undelivered deliveries go, and their events count one less.
        await Store(s).DropUndeliveredAsync(endpoint.Id);
        return WebhookEndpointRenderer.Deleted(endpoint.Id);
    }

    private static async Task<JsonObject> List(RequestScope s)
    {
        var all = Store(s).Live();
        var page = await Pagination.PageAsync(all, all, s.Params, ObjectType);
        return Pagination.Envelope(page.Items.Select(w => WebhookEndpointRenderer.Render(w)), page.HasMore, "/v1/webhook_endpoints");
    }

    /// <summary>An absolute http(s) URL; loopback and private hosts are fine (this is a local tool).</summary>
    private static string CheckedUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && uri.Host.Length > 0
            ? url
            : throw new StripeException(WebhookEndpointErrors.WebhookUrlInvalid(url));
}

/// <summary>The webhook_endpoint object as Stripe shapes it; <c>secret</c> only in the answer to create.</summary>
public static class WebhookEndpointRenderer
{
    public static JsonObject Render(WebhookEndpoint w, bool withSecret = false)
    {
        var obj = new JsonObject
        {
            ["id"] = w.Id,
            ["object"] = WebhookEndpointsApi.ObjectType,
            ["api_version"] = w.ApiVersion,
            ["application"] = null,
            ["created"] = w.Created,
            ["description"] = w.Description,
            ["enabled_events"] = new JsonArray(w.EnabledEvents.Select(e => (JsonNode?)JsonValue.Create(e)).ToArray()),
            ["livemode"] = false,
            ["metadata"] = Shapes.Metadata(w.Metadata),
        };
        if (withSecret) obj["secret"] = w.Secret;
        obj["status"] = w.Disabled ? "disabled" : "enabled";
        obj["url"] = w.Url;
        return obj;
    }

    public static JsonObject Deleted(string id) => new()
    {
        ["id"] = id,
        ["object"] = WebhookEndpointsApi.ObjectType,
        ["deleted"] = true,
    };
}
