using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PaymentRecords.Api.Customers;
using PaymentRecords.Api.Events;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using PaymentRecords.Api.Wire.Spec;
using PaymentRecords.Application;
using PaymentRecords.Domain.Common;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.PaymentMethods;

namespace PaymentRecords.Api.PaymentMethods;

/// <summary>
/// /v1/payment_methods for custom payment methods (type=custom, custom[type]=cpmt_…): create, retrieve, update,
/// list, attach, detach, and a customer's list. Events payment_method.attached|detached|updated.
/// </summary>
public static class PaymentMethodsApi
{
    private const string Tag = "PaymentMethods";

    public static readonly ObjectExpansions Expansions = new("payment_method", new Dictionary<string, string?>
    {
        ["customer"] = "customer",
        ["card.generated_from.setup_attempt"] = null,
        ["sepa_debit.generated_from.charge"] = null,
        ["sepa_debit.generated_from.setup_attempt"] = null,
    });

    public static IEndpointRouteBuilder MapPaymentMethods(this IEndpointRouteBuilder app)
    {
        app.MapStripe("POST", "/v1/payment_methods", StripeOperations.PostPaymentMethods, "payment_method", Create, singleTrip: true).WithTags(Tag);
        app.MapStripe("GET", "/v1/payment_methods", StripeOperations.GetPaymentMethods, "payment_method", List, isList: true).WithTags(Tag);
        app.MapStripe("GET", "/v1/payment_methods/{payment_method}", StripeOperations.GetPaymentMethodsPaymentMethod, "payment_method", Retrieve).WithTags(Tag);
        app.MapStripe("POST", "/v1/payment_methods/{payment_method}", StripeOperations.PostPaymentMethodsPaymentMethod, "payment_method", Update).WithTags(Tag);
        app.MapStripe("POST", "/v1/payment_methods/{payment_method}/attach", StripeOperations.PostPaymentMethodsPaymentMethodAttach, "payment_method", Attach).WithTags(Tag);
        app.MapStripe("POST", "/v1/payment_methods/{payment_method}/detach", StripeOperations.PostPaymentMethodsPaymentMethodDetach, "payment_method", Detach).WithTags(Tag);
        app.MapStripe("GET", "/v1/customers/{customer}/payment_methods", StripeOperations.GetCustomersCustomerPaymentMethods, "payment_method", ListForCustomer, isList: true).WithTags("Customers");
        app.MapStripe("GET", "/v1/customers/{customer}/payment_methods/{payment_method}", StripeOperations.GetCustomersCustomerPaymentMethodsPaymentMethod, "payment_method", RetrieveForCustomer).WithTags("Customers");
        return app;
    }

    public static IQueryable<PaymentMethod> Scope(RequestScope s) => s.Db.PaymentMethods.Where(p => p.AccountId == s.AccountId);

    /// <summary>Expansion loader.</summary>
    public static async Task<JsonObject?> LoadAsync(RequestScope s, string id)
    {
        var pm = await Scope(s).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id);
        return pm is null ? null : PaymentMethodRenderer.Render(pm);
    }

    /// <summary>A held payment method, read only, or Stripe's 404 (noun "PaymentMethod") on <paramref name="param"/>.</summary>
    public static async Task<PaymentMethod> FindAsync(RequestScope s, string id, string param) =>
        await Scope(s).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id)
        ?? throw new StripeException(NotHeldObjects.Missing(NotHeldObjects.PaymentMethod, id, param));

    private static async Task<PaymentMethod> LockAsync(RequestScope s, string id, string param = "payment_method") =>
        await s.Db.PaymentMethods
            .FromSql($"SELECT * FROM payment_methods WHERE account_id = {s.AccountId} AND id = {id} FOR UPDATE")
            .FirstOrDefaultAsync() ?? throw new StripeException(NotHeldObjects.Missing(NotHeldObjects.PaymentMethod, id, param));

    private static async Task<JsonObject> Create(RequestScope s)
    {
        var p = s.Params;
        if (p.Has("payment_method") || p.Has("customer"))
            throw new StripeException(ErrorCatalog.NotSupported(p.Has("payment_method") ? "payment_method" : "customer",
                "cloning a customer's PaymentMethod to a connected account needs Connect. Create the PaymentMethod, then attach it with POST /v1/payment_methods/{payment_method}/attach."));
        var type = p.String("type") ?? throw new StripeException(ErrorCatalog.MissingParameter("type"));
        if (type != PaymentMethod.Custom) throw new StripeException(ErrorCatalog.PaymentMethodTypeUnsupported(type));
        var custom = p.Nested("custom") ?? throw new StripeException(ErrorCatalog.MissingParameter("custom"));
        var customType = custom.String("type")!;
        if (!PaymentMethod.IsWellFormedCustomType(customType)) throw new StripeException(ErrorCatalog.InvalidCustomPaymentMethodType(customType));
        var pm = new PaymentMethod
        {
            AccountId = s.AccountId,
            Id = Ids.New(Ids.PaymentMethod),
            Created = s.Now,
            Type = type,
            CustomType = customType,
        };
        if (p.Object("billing_details") is { } billing) pm.Attributes["billing_details"] = PaymentMethodRenderer.MergeBillingDetails(null, billing);
        if (p.String("allow_redisplay") is { } redisplay) pm.Attributes["allow_redisplay"] = redisplay;
        if (p.MetadataUpdate() is { } update) pm.Metadata = MetadataRules.MergeChecked(pm.Metadata, update);
        s.Db.PaymentMethods.Add(pm);
        // Stripe sends no payment_method.created event.
        return await s.ExpandAsync(PaymentMethodRenderer.Render(pm), "payment_method");
    }

    private static async Task<JsonObject> Retrieve(RequestScope s) =>
        await s.ExpandAsync(PaymentMethodRenderer.Render(await FindAsync(s, s.Route("payment_method"), "payment_method")), "payment_method");

    private static async Task<JsonObject> Update(RequestScope s)
    {
        var p = s.Params;
        var pm = await LockAsync(s, s.Route("payment_method"));
        foreach (var name in new[] { "card", "us_bank_account" })
            if (p.Has(name)) throw new StripeException(ErrorCatalog.NotSupported(name, $"this is a {pm.Type} PaymentMethod; only billing_details, metadata and allow_redisplay can be updated."));
        var before = PaymentMethodRenderer.Render(pm);
        if (p.Object("billing_details") is { } billing)
            pm.Attributes["billing_details"] = PaymentMethodRenderer.MergeBillingDetails(pm.Attributes["billing_details"] as JsonObject, billing);
        if (p.String("allow_redisplay") is { } redisplay) pm.Attributes["allow_redisplay"] = redisplay;
        if (p.IsUnset("metadata")) pm.Metadata = [];
        else if (p.MetadataUpdate() is { } update) pm.Metadata = MetadataRules.MergeChecked(pm.Metadata, update);
        var after = PaymentMethodRenderer.Render(pm);
        EventWriter.EmitUpdated(s, "payment_method.updated", before, after);
        return await s.ExpandAsync(after, "payment_method");
    }

    private static async Task<JsonObject> Attach(RequestScope s)
    {
        var p = s.Params;
        var pm = await LockAsync(s, s.Route("payment_method"));
        var customer = await CustomersApi.FindForUpdateAsync(s, p.String("customer")!, "customer");
        if (pm.Consumed) throw new StripeException(ErrorCatalog.PaymentMethodConsumed(null));
        if (pm.CustomerId == customer.Id) return await s.ExpandAsync(PaymentMethodRenderer.Render(pm), "payment_method");
        if (pm.CustomerId is not null) throw new StripeException(ErrorCatalog.PaymentMethodAlreadyAttached());
        pm.CustomerId = customer.Id;
        var rendered = PaymentMethodRenderer.Render(pm);
        EventWriter.Emit(s, "payment_method.attached", rendered);
        return await s.ExpandAsync(rendered, "payment_method");
    }

    private static async Task<JsonObject> Detach(RequestScope s)
    {
        var pm = await LockAsync(s, s.Route("payment_method"));
        if (pm.CustomerId is not { } customerId) throw new StripeException(ErrorCatalog.PaymentMethodNotAttached());
        // The customer's default stops naming it, as on Stripe (with its customer.updated).
        var customer = await s.Db.Customers
            .FromSql($"SELECT * FROM customers WHERE account_id = {s.AccountId} AND id = {customerId} FOR UPDATE")
            .FirstOrDefaultAsync();
        if (customer is not null && CustomerDefaultPaymentMethod(customer) == pm.Id)
        {
            var before = CustomerRenderer.Render(customer);
            var settings = customer.Attributes["invoice_settings"]!.DeepClone().AsObject();
            settings.Remove("default_payment_method");
            customer.Attributes["invoice_settings"] = settings;
            // A deleted customer gets no customer.updated.
            if (!customer.Deleted) EventWriter.EmitUpdated(s, BillingEventCatalog.CustomerUpdated, before, CustomerRenderer.Render(customer));
        }
        pm.CustomerId = null;
        pm.Consumed = true;
        var rendered = PaymentMethodRenderer.Render(pm);
        EventWriter.Emit(s, "payment_method.detached", rendered);
        return await s.ExpandAsync(rendered, "payment_method");
    }

    /// <summary>
    /// A payment method that must be attached to <paramref name="customerId"/> (a default payment method): 404 when
    /// it does not exist, Stripe's "must be attached to the customer" otherwise.
    /// </summary>
    public static async Task RequireAttachedAsync(RequestScope s, string id, string customerId, string param)
    {
        var pm = await FindAsync(s, id, param);
        if (pm.CustomerId != customerId) throw new StripeException(ErrorCatalog.CustomerPaymentMethodNotAttached(id, param));
    }

    /// <summary>Attaches a held payment method to a new customer (customer create's payment_method parameter).</summary>
    public static async Task AttachToNewCustomerAsync(RequestScope s, string id, string customerId)
    {
        var pm = await LockAsync(s, id);
        if (pm.Consumed) throw new StripeException(ErrorCatalog.PaymentMethodConsumed("payment_method"));
        if (pm.CustomerId is not null) throw new StripeException(ErrorCatalog.PaymentMethodAlreadyAttached());
        pm.CustomerId = customerId;
        EventWriter.Emit(s, "payment_method.attached", PaymentMethodRenderer.Render(pm));
    }

    /// <summary>The customer's invoice_settings.default_payment_method, if any.</summary>
    public static string? CustomerDefaultPaymentMethod(Customer customer) =>
        customer.Attributes["invoice_settings"]?["default_payment_method"] is JsonValue v && v.TryGetValue<string>(out var id) && id.Length > 0 ? id : null;

    private static async Task<JsonObject> List(RequestScope s)
    {
        var p = s.Params;
        var all = Scope(s).AsNoTracking();
        var query = all;
        if (p.String("customer") is { Length: > 0 } customerId)
        {
            if (!await CustomersApi.Scope(s).AnyAsync(c => c.Id == customerId))
                throw new StripeException(ErrorCatalog.NoSuch("customer", customerId, "customer"));
            query = query.Where(x => x.CustomerId == customerId);
        }
        return await PageAsync(s, all, query, "/v1/payment_methods");
    }

    private static async Task<JsonObject> ListForCustomer(RequestScope s)
    {
        var customerId = s.Route("customer");
        if (!await CustomersApi.Scope(s).AnyAsync(c => c.Id == customerId))
            throw new StripeException(ErrorCatalog.NoSuch("customer", customerId, "customer"));
        var all = Scope(s).AsNoTracking();
        var query = all.Where(x => x.CustomerId == customerId);
        if (s.Params.String("allow_redisplay") is { } redisplay)
        {
            // allow_redisplay lives in the attributes; "unspecified" is the default when never set.
            var matching = await query.ToListAsync();
            var ids = matching.Where(x => (x.Attributes["allow_redisplay"]?.GetValue<string>() ?? "unspecified") == redisplay).Select(x => x.Id).ToList();
            query = query.Where(x => ids.Contains(x.Id));
        }
        return await PageAsync(s, all, query, $"/v1/customers/{customerId}/payment_methods");
    }

    private static async Task<JsonObject> PageAsync(RequestScope s, IQueryable<PaymentMethod> all, IQueryable<PaymentMethod> query, string url)
    {
        if (s.Params.String("type") is { } type) query = query.Where(x => x.Type == type);
        var page = await Pagination.PageAsync(all, query, s.Params, "payment_method");
        var list = Pagination.Envelope(page.Items.Select(PaymentMethodRenderer.Render), page.HasMore, url);
        await s.Expansions.ApplyToListAsync(s, list, "payment_method", s.Expand.Child("data") ?? ExpandTree.Empty);
        return list;
    }

    private static async Task<JsonObject> RetrieveForCustomer(RequestScope s)
    {
        var customerId = s.Route("customer");
        if (!await CustomersApi.Scope(s).AnyAsync(c => c.Id == customerId))
            throw new StripeException(ErrorCatalog.NoSuch("customer", customerId, "customer"));
        var id = s.Route("payment_method");
        var pm = await Scope(s).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id && x.CustomerId == customerId)
            ?? throw new StripeException(NotHeldObjects.Missing(NotHeldObjects.PaymentMethod, id, "payment_method"));
        return await s.ExpandAsync(PaymentMethodRenderer.Render(pm), "payment_method");
    }
}
