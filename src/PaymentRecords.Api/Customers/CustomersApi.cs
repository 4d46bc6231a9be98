using System.Text.Json.Nodes;
using PaymentRecords.Api.Billing;
using PaymentRecords.Api.Invoices;
using PaymentRecords.Api.PaymentMethods;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Rendering;
using PaymentRecords.Api.Wire;
using PaymentRecords.Api.Wire.Spec;
using PaymentRecords.Application;
using PaymentRecords.Application.Customers;
using PaymentRecords.Domain.Common;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.Api.Customers;

public static class CustomersApi
{
    public static readonly ObjectExpansions Expansions = new("customer", new Dictionary<string, string?>
    {
        ["default_source"] = null,
        ["invoice_settings.default_payment_method"] = "payment_method",
        ["test_clock"] = NotHeldObjects.TestClock,
    }, CustomerIncludables.Fields);

    private static readonly CustomerParamsValidator Validator = new();

    public static IEndpointRouteBuilder MapCustomers(this IEndpointRouteBuilder app)
    {
        app.MapStripe("POST", "/v1/customers", StripeOperations.PostCustomers, "customer", Create, singleTrip: true).WithTags("Customers");
        app.MapStripe("GET", "/v1/customers", StripeOperations.GetCustomers, "customer", List, isList: true).WithTags("Customers");
        app.MapStripe("GET", "/v1/customers/search", StripeOperations.GetCustomersSearch, "customer",
            s => Search.SearchEndpoint.RunAsync(s, SearchResource), isList: true).WithTags("Customers");
        app.MapStripe("GET", "/v1/customers/{customer}", StripeOperations.GetCustomersCustomer, "customer", Retrieve).WithTags("Customers");
        app.MapStripe("POST", "/v1/customers/{customer}", StripeOperations.PostCustomersCustomer, "customer", Update, singleTrip: true).WithTags("Customers");
        app.MapStripe("DELETE", "/v1/customers/{customer}", StripeOperations.DeleteCustomersCustomer, "customer", Delete).WithTags("Customers");
        return app;
    }

    /// <summary>Live (not deleted) customers of the caller's account.</summary>
    private static EfCustomerReads Reads(RequestScope s) => new(s.Db, s.AccountId);

    /// <summary>Expansion loader: the customer object, or Stripe's deleted stub once deleted.</summary>
    public static async Task<JsonObject?> LoadAsync(RequestScope s, string id)
    {
        var c = await Reads(s).FindAsync(id);
        return c is null ? null : c.Deleted ? CustomerRenderer.Deleted(c.Id) : CustomerRenderer.Render(c);
    }

    private static async Task<JsonObject> Create(RequestScope s)
    {
        var p = s.Params;
        await ResolveReferencesAsync(s, p);
        Validator.ValidateOrThrow(p);
        // A customer joins a test clock only here; its billing time is the clock's from now on (EfCustomerClocks).
        var clock = p.String("test_clock") is { Length: > 0 } clockId
            ? await new Persistence.Stores.EfTestClockStore(s.Db, s.AccountId).FindAsync(clockId)
              ?? throw new StripeException(NotHeldObjects.Missing(NotHeldObjects.TestClock, clockId, "test_clock"))
            : null;
        var attach = p.String("payment_method") is { Length: > 0 } given ? given : null;
        var fields = Fields(p) with { DefaultPaymentMethodId = DefaultPaymentMethodParam(p) };
        if (p.Object("tax_id_data") is not null || p.Array("tax_id_data") is not null)
            fields = fields with { Attributes = [.. fields.Attributes ?? [], new(CustomerIncludables.TaxIdsKey, _ => CustomerIncludables.NewTaxIds(p.Values["tax_id_data"], clock?.FrozenTime ?? s.Now))] };
        var billing = new RequestBilling(s);
        var customer = await billing.RunAsync(b => new CreateCustomer(b).RunAsync(new CreateCustomerCommand(Ids.New(Ids.Customer), fields, clock, attach)), Refusals);
        return await s.ExpandAsync(billing.Rendered(customer), "customer");
    }

    /// <summary>
    /// "If it's for a deleted Customer, a subset of the customer's information is returned, including a deleted
    /// property that's set to true": deleted customers stay retrievable, as Stripe's deleted stub.
    /// </summary>
    private static async Task<JsonObject> Retrieve(RequestScope s)
    {
        var id = s.Route("customer");
        var customer = await Reads(s).FindAsync(id) ?? throw new StripeException(ErrorCatalog.NoSuch("customer", id, "id"));
        return customer.Deleted ? CustomerRenderer.Deleted(customer.Id) : await s.ExpandAsync(CustomerRenderer.Render(customer), "customer");
    }

    private static async Task<JsonObject> Update(RequestScope s)
    {
        var p = s.Params;
        await ResolveReferencesAsync(s, p);
        await NotHeldObjects.ResolveAsync(s, p.Values, NotHeldObjects.Source, "default_source");
        Validator.ValidateOrThrow(p);
        var command = new UpdateCustomerCommand(s.Route("customer"), Fields(p) with { DefaultPaymentMethodId = DefaultPaymentMethodParam(p) });
        var billing = new RequestBilling(s);
        var customer = await billing.RunAsync(b => new UpdateCustomer(b).RunAsync(command), Refusals);
        return await s.ExpandAsync(billing.Rendered(customer), "customer");
    }

    private static async Task<JsonObject> Delete(RequestScope s)
    {
        var command = new DeleteCustomerCommand(s.Route("customer"));
        var customer = await new RequestBilling(s).RunAsync(b => new DeleteCustomer(b).RunAsync(command), Refusals);
        return CustomerRenderer.Deleted(customer.Id);
    }

    private static readonly Search.SearchEndpoint.Resource<Domain.Customers.Customer> SearchResource = new(
        Persistence.Search.SearchSql.Customers, "customer", "/v1/customers/search",
        (_, rows) => Task.FromResult(rows.Select(c => (JsonNode)CustomerRenderer.Render(c))));

    private static async Task<JsonObject> List(RequestScope s)
    {
        var p = s.Params;
        await NotHeldObjects.ResolveAsync(s, p.Values, NotHeldObjects.TestClock, "test_clock");
        var (all, query) = Reads(s).List(new CustomerListFilter(Pagination.Range(p.Values["created"]), p.String("email"), p.String("test_clock")));
        var page = await Pagination.PageAsync(all, query, p, "customer");
        var list = Pagination.Envelope(page.Items.Select(CustomerRenderer.Render), page.HasMore, "/v1/customers");
        await s.Expansions.ApplyToListAsync(s, list, "customer", s.Expand.Child("data") ?? ExpandTree.Empty);
        return list;
    }

    private static Task ResolveReferencesAsync(RequestScope s, StripeParams p) =>
        NotHeldObjects.ResolveAsync(s, p.Values, NotHeldObjects.Source, "source");

    private static string? DefaultPaymentMethodParam(StripeParams p) =>
        p.Object("invoice_settings")?["default_payment_method"] is JsonValue v && v.TryGetValue<string>(out var id) && id.Length > 0 ? id : null;

    /// <summary>The customer use cases' own refusals as Stripe's errors.</summary>
    private static StripeError? Refusals(Exception e) => e switch
    {
        CustomerRefused { Reason: CustomerRefusal.PaymentMethodNotAttached } r => PaymentMethodErrors.CustomerPaymentMethodNotAttached(r.Id, r.Param),
        Application.TestClocks.TestClockRefused => TestClocks.TestClocksApi.Refusal(e),
        _ => PaymentMethodsApi.Refusals(e),
    };

    /// <summary>Parameters shared by create and update. "" unsets where the spec allows it.</summary>
    private static CustomerFieldsChange Fields(StripeParams p)
    {
        var attributes = new List<CustomerAttributeEdit>();
        void Set(string key, Func<JsonNode?> value) => attributes.Add(new CustomerAttributeEdit(key, _ => value()));
        if (p.Has("address")) attributes.Add(new CustomerAttributeEdit("address", current => Shapes.MergeAddress(current, p.Values["address"])));
        if (p.Has("shipping")) Set("shipping", () => Shapes.Shipping(p.Values["shipping"], omitUnsetTracking: true));
        SetOrRemove(attributes, "business_name", p);
        SetOrRemove(attributes, "individual_name", p);
        SetOrRemove(attributes, "tax_exempt", p);
        if (p.Has("preferred_locales")) Set("preferred_locales", () => p.Values["preferred_locales"]!.DeepClone());
        if (p.Object("tax") is { } tax) Set("tax", () => tax.DeepClone());
        if (p.Object("cash_balance") is { } cash) Set("cash_balance", () => cash.DeepClone());
        if (p.Has("invoice_settings"))
            attributes.Add(new CustomerAttributeEdit("invoice_settings", current => MergeInvoiceSettings(current as JsonObject, p.Values["invoice_settings"])));
        return new CustomerFieldsChange(
            Email: p.Has("email") ? new FieldChange<string>(p.String("email")) : null,
            Name: p.Has("name") ? new FieldChange<string>(p.String("name")) : null,
            Description: p.Has("description") ? new FieldChange<string>(p.String("description")) : null,
            Phone: p.Has("phone") ? new FieldChange<string>(p.String("phone")) : null,
            Balance: p.Long("balance"),
            NextInvoiceSequence: p.Long("next_invoice_sequence"),
            InvoicePrefix: p.String("invoice_prefix"),
            Attributes: attributes,
            Metadata: BillingParams.Metadata(p));
    }

    private static void SetOrRemove(List<CustomerAttributeEdit> attributes, string name, StripeParams p)
    {
        if (!p.Has(name)) return;
        var value = p.Values[name]!.DeepClone();
        attributes.Add(new CustomerAttributeEdit(name, p.IsUnset(name) ? null : _ => value));
    }

    private static JsonObject? MergeInvoiceSettings(JsonObject? current, JsonNode? given)
    {
        if (given is not JsonObject update) return null;
        var merged = current?.DeepClone().AsObject() ?? new JsonObject();
        foreach (var (key, value) in update)
        {
            if (value is JsonValue v && v.TryGetValue<string>(out var str) && str.Length == 0) merged.Remove(key);
            else merged[key] = value?.DeepClone();
        }
        return merged;
    }
}
