using System.Text.Json.Nodes;
using PaymentRecords.Api.Billing;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using PaymentRecords.Api.Wire.Spec;
using PaymentRecords.Application.PaymentMethods;
using PaymentRecords.Domain.PaymentMethods;
using PaymentRecords.Persistence.Stores;

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

    private static EfPaymentMethodStore Reads(RequestScope s) => new(s.Db, s.AccountId);

    /// <summary>Expansion loader.</summary>
    public static async Task<JsonObject?> LoadAsync(RequestScope s, string id) =>
        await Reads(s).FindAsync(id) is { } pm ? PaymentMethodRenderer.Render(pm) : null;

    /// <summary>A held payment method, read only, or Stripe's 404 (noun "PaymentMethod") on <paramref name="param"/>.</summary>
    public static async Task<PaymentMethod> FindAsync(RequestScope s, string id, string param) =>
        await Reads(s).FindAsync(id) ?? throw new StripeException(NotHeldObjects.Missing(NotHeldObjects.PaymentMethod, id, param));

    /// <summary>Stripe's answers to a refused attach or detach (customer create attaches too).</summary>
    public static StripeError? Refusals(Exception e) => e switch
    {
        PaymentMethodRefused { Reason: PaymentMethodRefusal.Consumed, Param: var param } => PaymentMethodErrors.PaymentMethodConsumed(param),
        PaymentMethodRefused { Reason: PaymentMethodRefusal.AlreadyAttached } => PaymentMethodErrors.PaymentMethodAlreadyAttached(),
        PaymentMethodRefused { Reason: PaymentMethodRefusal.NotAttached } => PaymentMethodErrors.PaymentMethodNotAttached(),
        PaymentMethodRefused { Reason: PaymentMethodRefusal.NotSaved } => PaymentMethodErrors.PaymentMethodNotSaved(),
        _ => null,
    };

    private static PaymentMethodFields Fields(StripeParams p) =>
        new(p.Object("billing_details"), p.String("allow_redisplay"), BillingParams.Metadata(p));

    private static async Task<JsonObject> Create(RequestScope s)
    {
        var p = s.Params;
        if (p.Has("customer") && !p.Has("payment_method")) throw new StripeException(PaymentMethodErrors.CustomerAtCreation());
        if (p.Has("payment_method"))
            throw new StripeException(ErrorCatalog.NotSupported("payment_method",
                "cloning a customer's PaymentMethod to a connected account needs Connect. Create the PaymentMethod, then attach it with POST /v1/payment_methods/{payment_method}/attach."));
        var type = p.String("type") ?? throw new StripeException(ErrorCatalog.MissingParameter("type"));
        if (type != PaymentMethod.Custom) throw new StripeException(PaymentMethodErrors.PaymentMethodTypeUnsupported(type));
        var custom = p.Nested("custom") ?? throw new StripeException(ErrorCatalog.MissingParameter("custom"));
        var customType = custom.String("type")!;
        if (!PaymentMethod.IsWellFormedCustomType(customType)) throw new StripeException(PaymentMethodErrors.InvalidCustomPaymentMethodType(customType));
        var billing = new RequestBilling(s);
        var pm = await billing.RunAsync(b => Task.FromResult(new CreatePaymentMethod(b).Run(type, customType, Fields(p))), Refusals);
        return await s.ExpandAsync(billing.Rendered(pm), "payment_method");
    }

    private static async Task<JsonObject> Retrieve(RequestScope s) =>
        await s.ExpandAsync(PaymentMethodRenderer.Render(await FindAsync(s, s.Route("payment_method"), "payment_method")), "payment_method");

    private static async Task<JsonObject> Update(RequestScope s)
    {
        var p = s.Params;
        var id = s.Route("payment_method");
        if (new[] { "card", "us_bank_account" }.FirstOrDefault(p.Has) is { } name)
        {
            var type = (await FindAsync(s, id, "payment_method")).Type;
            throw new StripeException(ErrorCatalog.NotSupported(name, $"this is a {type} PaymentMethod; only billing_details, metadata and allow_redisplay can be updated."));
        }
        var billing = new RequestBilling(s);
        var pm = await billing.RunAsync(b => new UpdatePaymentMethod(b).RunAsync(id, Fields(p)), Refusals);
        return await s.ExpandAsync(billing.Rendered(pm), "payment_method");
    }

    private static async Task<JsonObject> Attach(RequestScope s)
    {
        var billing = new RequestBilling(s);
        var pm = await billing.RunAsync(b => new AttachPaymentMethod(b).RunAsync(s.Route("payment_method"), s.Params.String("customer")!, "customer"), Refusals);
        return await s.ExpandAsync(billing.Rendered(pm), "payment_method");
    }

    private static async Task<JsonObject> Detach(RequestScope s)
    {
        var billing = new RequestBilling(s);
        var pm = await billing.RunAsync(b => new DetachPaymentMethod(b).RunAsync(s.Route("payment_method")), Refusals);
        return await s.ExpandAsync(billing.Rendered(pm), "payment_method");
    }

    private static async Task<JsonObject> List(RequestScope s)
    {
        var p = s.Params;
        var customerId = p.String("customer") is { Length: > 0 } given ? given : null;
        var type = p.String("type");
        return await PageAsync(s, new PaymentMethodListFilter(customerId, type, ExceptCustom: type is null), "/v1/payment_methods");
    }

    private static async Task<JsonObject> ListForCustomer(RequestScope s)
    {
        var customerId = s.Route("customer");
        var filter = new PaymentMethodListFilter(customerId, s.Params.String("type"), s.Params.String("allow_redisplay"), CustomerFromPath: true);
        return await PageAsync(s, filter, $"/v1/customers/{customerId}/payment_methods");
    }

    private static async Task<JsonObject> PageAsync(RequestScope s, PaymentMethodListFilter filter, string url)
    {
        var (all, query) = await ApplicationErrors.MapAsync(() => Reads(s).ListAsync(filter));
        var page = await Pagination.PageAsync(all, query, s.Params, "payment_method");
        var list = Pagination.Envelope(page.Items.Select(PaymentMethodRenderer.Render), page.HasMore, url);
        await s.Expansions.ApplyToListAsync(s, list, "payment_method", s.Expand.Child("data") ?? ExpandTree.Empty);
        return list;
    }

    private static async Task<JsonObject> RetrieveForCustomer(RequestScope s)
    {
        var id = s.Route("payment_method");
        var pm = await ApplicationErrors.MapAsync(() => Reads(s).FindOfCustomerAsync(s.Route("customer"), id))
            ?? throw new StripeException(NotHeldObjects.Missing(NotHeldObjects.PaymentMethod, id, "payment_method"));
        return await s.ExpandAsync(PaymentMethodRenderer.Render(pm), "payment_method");
    }
}
