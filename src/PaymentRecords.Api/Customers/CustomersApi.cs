using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PaymentRecords.Api.Events;
using PaymentRecords.Api.PaymentMethods;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Rendering;
using PaymentRecords.Api.Wire;
using PaymentRecords.Api.Wire.Spec;
using PaymentRecords.Domain.Common;
using PaymentRecords.Domain.Customers;

namespace PaymentRecords.Api.Customers;

public static class CustomersApi
{
    public static readonly ObjectExpansions Expansions = new("customer", new Dictionary<string, string?>
    {
        ["default_source"] = null,
        ["invoice_settings.default_payment_method"] = "payment_method",
        ["test_clock"] = null,
    }, CustomerIncludables.Fields);

    private static readonly CustomerParamsValidator Validator = new();

    public static IEndpointRouteBuilder MapCustomers(this IEndpointRouteBuilder app)
    {
        app.MapStripe("POST", "/v1/customers", StripeOperations.PostCustomers, "customer", Create, singleTrip: true).WithTags("Customers");
        app.MapStripe("GET", "/v1/customers", StripeOperations.GetCustomers, "customer", List, isList: true).WithTags("Customers");
        app.MapStripe("GET", "/v1/customers/{customer}", StripeOperations.GetCustomersCustomer, "customer", Retrieve).WithTags("Customers");
        app.MapStripe("POST", "/v1/customers/{customer}", StripeOperations.PostCustomersCustomer, "customer", Update).WithTags("Customers");
        app.MapStripe("DELETE", "/v1/customers/{customer}", StripeOperations.DeleteCustomersCustomer, "customer", Delete).WithTags("Customers");
        return app;
    }

    /// <summary>Live (not deleted) customers of the caller's account.</summary>
    public static IQueryable<Customer> Scope(RequestScope s) => s.Db.Customers.Where(c => c.AccountId == s.AccountId && !c.Deleted);

    /// <summary>
    /// Loads a live customer for a write, tracked and locked (SELECT … FOR UPDATE) until commit, or throws Stripe's
    /// 404 on <paramref name="param"/>. The lock keeps a balance or sequence edit from racing a finalize.
    /// </summary>
    public static async Task<Customer> FindForUpdateAsync(RequestScope s, string id, string param = "id") =>
        await s.Db.Customers
            .FromSql($"SELECT * FROM customers WHERE account_id = {s.AccountId} AND id = {id} AND NOT deleted FOR UPDATE")
            .FirstOrDefaultAsync() ?? throw new StripeException(ErrorCatalog.NoSuch("customer", id, param));

    /// <summary>Expansion loader: the customer object, or Stripe's deleted stub once deleted.</summary>
    public static async Task<JsonObject?> LoadAsync(RequestScope s, string id)
    {
        var c = await s.Db.Customers.AsNoTracking().FirstOrDefaultAsync(x => x.AccountId == s.AccountId && x.Id == id);
        return c is null ? null : c.Deleted ? CustomerRenderer.Deleted(c.Id) : CustomerRenderer.Render(c);
    }

    private static async Task<JsonObject> Create(RequestScope s)
    {
        var p = s.Params;
        RefuseNotHeld(p);
        Validator.ValidateOrThrow(p);
        // A customer joins a test clock only here; its billing time is the clock's from now on (EfCustomerClocks).
        var clock = p.String("test_clock") is { Length: > 0 } clockId
            ? await new Persistence.Stores.EfTestClockStore(s.Db, s.AccountId).FindAsync(clockId)
              ?? throw new StripeException(NotHeldObjects.Missing(NotHeldObjects.TestClock, clockId, "test_clock"))
            : null;
        var customer = new Customer
        {
            AccountId = s.AccountId,
            Id = Ids.New(Ids.Customer),
            Created = clock?.FrozenTime ?? s.Now,
            TestClockId = clock?.Id,
            InvoicePrefix = p.String("invoice_prefix") ?? Customer.NewInvoicePrefix(),
        };
        var attach = p.String("payment_method") is { Length: > 0 } given ? given : null;
        if (attach is not null) await PaymentMethodsApi.AttachToNewCustomerAsync(s, attach, customer.Id);
        if (DefaultPaymentMethodParam(p) is { } defaultPm && defaultPm != attach)
        {
            await PaymentMethodsApi.FindAsync(s, defaultPm, "invoice_settings[default_payment_method]");
            throw new StripeException(ErrorCatalog.CustomerPaymentMethodNotAttached(defaultPm, "invoice_settings[default_payment_method]"));
        }
        Apply(customer, p);
        if (p.Object("tax_id_data") is not null || p.Array("tax_id_data") is not null)
            customer.Attributes[CustomerIncludables.TaxIdsKey] = CustomerIncludables.NewTaxIds(p.Values["tax_id_data"], customer.Created);
        s.Db.Customers.Add(customer);
        Persistence.Stores.EfCustomerClocks.Remember(s.AccountId, customer.Id, customer.TestClockId);
        var rendered = CustomerRenderer.Render(customer);
        EventWriter.Emit(s, "customer.created", rendered);
        return await s.ExpandAsync(rendered, "customer");
    }

    private static async Task<JsonObject> Retrieve(RequestScope s)
    {
        var id = s.Route("customer");
        var customer = await Scope(s).AsNoTracking().FirstOrDefaultAsync(c => c.Id == id)
            ?? throw new StripeException(ErrorCatalog.NoSuch("customer", id, "id"));
        return await s.ExpandAsync(CustomerRenderer.Render(customer), "customer");
    }

    private static async Task<JsonObject> Update(RequestScope s)
    {
        var p = s.Params;
        var customer = await FindForUpdateAsync(s, s.Route("customer"));
        RefuseNotHeld(p);
        NotHeldObjects.Refuse(p.Values, NotHeldObjects.Source, "default_source");
        if (DefaultPaymentMethodParam(p) is { } defaultPm)
            await PaymentMethodsApi.RequireAttachedAsync(s, defaultPm, customer.Id, "invoice_settings[default_payment_method]");
        Validator.ValidateOrThrow(p);
        var before = CustomerRenderer.Render(customer);
        if (p.String("invoice_prefix") is { } prefix) customer.InvoicePrefix = prefix;
        Apply(customer, p);
        var after = CustomerRenderer.Render(customer);
        EventWriter.EmitUpdated(s, "customer.updated", before, after);
        return await s.ExpandAsync(after, "customer");
    }

    private static async Task<JsonObject> Delete(RequestScope s)
    {
        var customer = await FindForUpdateAsync(s, s.Route("customer"));
        var rendered = CustomerRenderer.Render(customer);
        customer.Deleted = true;
        EventWriter.Emit(s, "customer.deleted", rendered);
        return CustomerRenderer.Deleted(customer.Id);
    }

    private static async Task<JsonObject> List(RequestScope s)
    {
        var p = s.Params;
        NotHeldObjects.Refuse(p.Values, NotHeldObjects.TestClock, "test_clock");
        var all = Scope(s).AsNoTracking();
        var query = Pagination.WhereRange(all, p.Values["created"], c => c.Created);
        if (p.String("email") is { } email) query = query.Where(c => c.Email == email);
        var page = await Pagination.PageAsync(all, query, p, "customer");
        var list = Pagination.Envelope(page.Items.Select(CustomerRenderer.Render), page.HasMore, "/v1/customers");
        await s.Expansions.ApplyToListAsync(s, list, "customer", s.Expand.Child("data") ?? ExpandTree.Empty);
        return list;
    }

    private static void RefuseNotHeld(StripeParams p)
    {
        NotHeldObjects.Refuse(p.Values, NotHeldObjects.Source, "source");
    }

    private static string? DefaultPaymentMethodParam(StripeParams p) =>
        p.Object("invoice_settings")?["default_payment_method"] is JsonValue v && v.TryGetValue<string>(out var id) && id.Length > 0 ? id : null;

    /// <summary>Parameters shared by create and update. "" unsets where the spec allows it.</summary>
    private static void Apply(Customer c, StripeParams p)
    {
        if (p.Has("email")) c.Email = p.String("email");
        if (p.Has("name")) c.Name = p.String("name");
        if (p.Has("description")) c.Description = p.String("description");
        if (p.Has("phone")) c.Phone = p.String("phone");
        if (p.Long("balance") is { } balance) c.Balance = balance;
        if (p.Long("next_invoice_sequence") is { } next) c.NextInvoiceSequence = next;
        var a = c.Attributes;
        if (p.Has("address")) a["address"] = Shapes.Address(p.Values["address"]);
        if (p.Has("shipping")) a["shipping"] = Shapes.Shipping(p.Values["shipping"]);
        SetOrRemove(a, "business_name", p);
        SetOrRemove(a, "individual_name", p);
        SetOrRemove(a, "tax_exempt", p);
        if (p.Has("preferred_locales")) a["preferred_locales"] = p.Values["preferred_locales"]!.DeepClone();
        if (p.Object("tax") is { } tax) a["tax"] = tax.DeepClone();
        if (p.Object("cash_balance") is { } cash) a["cash_balance"] = cash.DeepClone();
        if (p.Has("invoice_settings")) a["invoice_settings"] = MergeInvoiceSettings(a["invoice_settings"] as JsonObject, p.Values["invoice_settings"]);
        if (p.IsUnset("metadata")) c.Metadata = [];
        else if (p.MetadataUpdate() is { } update) c.Metadata = MetadataRules.MergeChecked(c.Metadata, update);
    }

    private static void SetOrRemove(JsonObject attributes, string name, StripeParams p)
    {
        if (!p.Has(name)) return;
        if (p.IsUnset(name)) attributes.Remove(name);
        else attributes[name] = p.Values[name]!.DeepClone();
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
