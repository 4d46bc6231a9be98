using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PaymentRecords.Api.Billing;
using PaymentRecords.Api.Invoices;
using PaymentRecords.Api.PaymentMethods;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Prices;
using PaymentRecords.Api.Wire;
using PaymentRecords.Api.Wire.Spec;
using PaymentRecords.Application.Subscriptions;
using PaymentRecords.Domain.Subscriptions;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.Api.Subscriptions;

/// <summary>
/// /v1/subscriptions: create (with its first invoice, finalized at once unless a send_invoice draft), retrieve,
/// update (settings, items with their prorations, trials, pause_collection), list, search, cancel, resume (of a paused
/// one). The use cases are in Application/Subscriptions; docs/endpoints-subscriptions.md says what each parameter does
/// here.
/// </summary>
public static class SubscriptionsApi
{
    private const string Tag = "Subscriptions";
    private const string IdRoute = "subscription_exposed_id";

    /// <summary>The spec's x-expandablePaths: customer, default_payment_method and latest_invoice are held here.</summary>
    public static readonly ObjectExpansions Expansions = new("subscription", new Dictionary<string, string?>
    {
        ["application"] = null,
        ["automatic_tax.liability.account"] = null,
        ["customer"] = "customer",
        ["default_payment_method"] = "payment_method",
        ["default_source"] = null,
        ["discounts"] = "discount",
        // The embedded items' prices, already objects: only so that their includables (tiers) can be asked for.
        ["items.data.price"] = "price",
        ["invoice_settings.account_tax_ids"] = null,
        ["invoice_settings.issuer.account"] = null,
        ["latest_invoice"] = "invoice",
        ["on_behalf_of"] = null,
        ["pending_setup_intent"] = null,
        ["schedule"] = null,
        ["test_clock"] = NotHeldObjects.TestClock,
        ["transfer_data.destination"] = null,
    });

    public static IEndpointRouteBuilder MapSubscriptions(this IEndpointRouteBuilder app)
    {
        app.MapStripe("POST", "/v1/subscriptions", StripeOperations.PostSubscriptions, "subscription", Create).WithTags(Tag);
        app.MapStripe("GET", "/v1/subscriptions", StripeOperations.GetSubscriptions, "subscription", List, isList: true).WithTags(Tag);
        app.MapStripe("GET", "/v1/subscriptions/search", StripeOperations.GetSubscriptionsSearch, "subscription",
            s => Search.SearchEndpoint.RunAsync(s, SearchResource), isList: true).WithTags(Tag);
        app.MapStripe("GET", $"/v1/subscriptions/{{{IdRoute}}}", StripeOperations.GetSubscriptionsSubscriptionExposedId, "subscription", Retrieve).WithTags(Tag);
        app.MapStripe("POST", $"/v1/subscriptions/{{{IdRoute}}}", StripeOperations.PostSubscriptionsSubscriptionExposedId, "subscription", Update).WithTags(Tag);
        app.MapStripe("DELETE", $"/v1/subscriptions/{{{IdRoute}}}", StripeOperations.DeleteSubscriptionsSubscriptionExposedId, "subscription", Cancel).WithTags(Tag);
        app.MapStripe("DELETE", $"/v1/subscriptions/{{{IdRoute}}}/discount", StripeOperations.DeleteSubscriptionsSubscriptionExposedIdDiscount, "discount", DeleteDiscount).WithTags(Tag);
        app.MapStripe("POST", "/v1/subscriptions/{subscription}/resume", StripeOperations.PostSubscriptionsSubscriptionResume, "subscription", Resume).WithTags(Tag);
        return app;
    }

    /// <summary>The subscription reads and writes, written once in Persistence.</summary>
    internal static EfSubscriptionStore Store(RequestScope s) => new(s.Db, s.AccountId);

    /// <summary>Renders a stored subscription as it stands in this request.</summary>
    internal static Task<JsonObject> RenderAsync(RequestScope s, Subscription sub) =>
        SubscriptionRendering.RenderAsync(InvoiceStore.Rendering(s), () => UniqueRules.SaveChangesAsync(s.Db), sub);

    /// <summary>Expansion loader.</summary>
    public static async Task<JsonObject?> LoadAsync(RequestScope s, string id) =>
        await Store(s).FindAsync(id) is { } sub ? await RenderAsync(s, sub) : null;

    /// <summary>
    /// <c>customer.subscriptions</c> (expand[]=subscriptions): the customer's subscriptions that are not canceled, newest
    /// first, the first <see cref="Pagination.DefaultLimit"/> of them.
    /// </summary>
    public static async Task<JsonNode?> IncludeInCustomerAsync(RequestScope s, JsonObject owner)
    {
        var customerId = owner["id"]!.GetValue<string>();
        var subs = await Store(s).All().Where(x => x.CustomerId == customerId && x.Status != SubscriptionStatus.Canceled)
            .OrderByDescending(x => x.Created).ThenByDescending(x => x.Seq).Take(Pagination.DefaultLimit + 1).ToListAsync();
        var rendered = await SubscriptionRendering.RenderManyAsync(InvoiceStore.Rendering(s), subs.Take(Pagination.DefaultLimit).ToList());
        return Pagination.Envelope(rendered, subs.Count > Pagination.DefaultLimit, $"/v1/customers/{customerId}/subscriptions");
    }

    private static async Task<JsonObject> Create(RequestScope s)
    {
        var inlineItems = await SubscriptionInlinePrices.MakeEachAsync(s, s.Params.Array("items"), "items");
        var inlineAdded = await SubscriptionInlinePrices.MakeEachAsync(s, s.Params.Array("add_invoice_items"), "add_invoice_items", recurring: false);
        var command = SubscriptionParams.Create(s.Params, inlineItems, inlineAdded);
        await Invoices.InvoiceParams.ResolveDiscountsAsync(s, s.Params.Values, "discounts", applied: true);
        var billing = new RequestBilling(s);
        var created = await billing.RunAsync(b => new CreateSubscription(b).RunAsync(command), Refusal);
        return await s.ExpandAsync(billing.Rendered(created.Subscription) ?? await RenderAsync(s, created.Subscription), "subscription");
    }

    private static async Task<JsonObject> Retrieve(RequestScope s)
    {
        var id = s.Route(IdRoute);
        var sub = await Store(s).FindAsync(id) ?? throw new StripeException(ErrorCatalog.NoSuch("subscription", id, "id"));
        return await s.ExpandAsync(await RenderAsync(s, sub), "subscription");
    }

    private static async Task<JsonObject> Update(RequestScope s)
    {
        var command = SubscriptionParams.Update(s.Params, s.Route(IdRoute), await SubscriptionInlinePrices.MakeEachAsync(s, s.Params.Array("items"), "items"));
        await Invoices.InvoiceParams.ResolveDiscountsAsync(s, s.Params.Values, "discounts", applied: true);
        var billing = new RequestBilling(s);
        var sub = await billing.RunAsync(b => new UpdateSubscription(b).RunAsync(command), Refusal);
        return await s.ExpandAsync(billing.Rendered(sub) ?? await RenderAsync(s, sub), "subscription");
    }

    /// <summary>The subscription's discounts removed; the answer is the first of them as Stripe's deleted discount.</summary>
    private static async Task<JsonObject> DeleteDiscount(RequestScope s)
    {
        var removed = await new RequestBilling(s).RunAsync(b => new RemoveSubscriptionDiscount(b).RunAsync(s.Route(IdRoute)), Refusal);
        // A subscription's discount rows are never deleted (its invoices name them); the stub stands in should one be missing.
        return await new EfCatalogStore(s.Db, s.AccountId).FindDiscountAsync(removed[0].Id) is { } first
            ? Coupons.DiscountRenderer.Deleted(first)
            : new JsonObject { ["id"] = removed[0].Id, ["object"] = Coupons.DiscountRenderer.ObjectType, ["deleted"] = true };
    }

    private static async Task<JsonObject> Cancel(RequestScope s)
    {
        var command = SubscriptionParams.Cancel(s.Params, s.Route(IdRoute));
        var billing = new RequestBilling(s);
        var sub = await billing.RunAsync(b => new CancelSubscription(b).RunAsync(command), Refusal);
        return await s.ExpandAsync(billing.Rendered(sub) ?? await RenderAsync(s, sub), "subscription");
    }

    private static async Task<JsonObject> Resume(RequestScope s)
    {
        var command = SubscriptionParams.Resume(s.Params, s.Route("subscription"));
        var billing = new RequestBilling(s);
        var sub = await billing.RunAsync(b => new ResumeSubscription(b).RunAsync(command), Refusal);
        return await s.ExpandAsync(billing.Rendered(sub) ?? await RenderAsync(s, sub), "subscription");
    }

    private static readonly Search.SearchEndpoint.Resource<Subscription> SearchResource = new(
        Persistence.Search.SearchSql.Subscriptions, "subscription", "/v1/subscriptions/search",
        async (s, rows) => (await SubscriptionRendering.RenderManyAsync(InvoiceStore.Rendering(s), rows)).Cast<JsonNode>());

    private static async Task<JsonObject> List(RequestScope s)
    {
        var p = s.Params;
        SubscriptionParams.RefuseOthers(p.Values,
            ["customer", "price", "plan", "status", "collection_method", "created", "test_clock", "limit", "starting_after", "ending_before", "expand"]);
        await NotHeldObjects.ResolveAsync(s, p.Values, NotHeldObjects.TestClock, "test_clock");
        var store = Store(s);
        var all = store.All();
        var query = Pagination.WhereRange(all, p.Values["created"], x => x.Created);
        if (p.String("customer") is { } customerId)
        {
            if (!await store.CustomerExistsAsync(customerId)) throw new StripeException(ErrorCatalog.NoSuch("customer", customerId, "customer"));
            query = query.Where(x => x.CustomerId == customerId);
        }
        foreach (var param in new[] { "price", "plan" })
        {
            if (p.String(param) is not { } priceId) continue;
            if (!await store.PriceExistsAsync(priceId)) throw new StripeException(NotHeldObjects.Missing(NotHeldObjects.Price, priceId, param));
            query = store.WithPrice(query, priceId);
        }
        query = p.String("status") switch
        {
            null => query.Where(x => x.Status != SubscriptionStatus.Canceled),
            "all" => query,
            "ended" => query.Where(x => x.Status == SubscriptionStatus.Canceled || x.Status == SubscriptionStatus.IncompleteExpired),
            var status => SubscriptionStatuses.Parse(status) is var wanted ? query.Where(x => x.Status == wanted) : query,
        };
        if (p.String("collection_method") is { } method) query = query.Where(x => x.CollectionMethod == method);
        // Stripe: "will not include subscriptions with test clocks if this and the customer parameter is not set".
        if (p.String("test_clock") is { Length: > 0 } clockId) query = query.Where(x => x.TestClockId == clockId);
        else if (p.String("customer") is null) query = query.Where(x => x.TestClockId == null);
        var page = await Pagination.PageAsync(all, query, p, "subscription");
        var rendered = await SubscriptionRendering.RenderManyAsync(InvoiceStore.Rendering(s), page.Items);
        var list = Pagination.Envelope(rendered, page.HasMore, "/v1/subscriptions");
        await s.Expansions.ApplyToListAsync(s, list, "subscription", s.Expand.Child("data") ?? ExpandTree.Empty);
        return list;
    }

    /// <summary>The use cases' refusals as Stripe's errors.</summary>
    internal static StripeError? Refusal(Exception e) => e is Application.TestClocks.TestClockRefused ? TestClocks.TestClocksApi.Refusal(e)
        : e is Application.Catalog.CatalogRefused ? Coupons.CouponErrors.Refusal(e)
        : e is not SubscriptionRefused r ? null : r.Reason switch
    {
        SubscriptionRefusal.NoPaymentMethod => SubscriptionErrors.SubscriptionNoPaymentMethod(),
        SubscriptionRefusal.PriceNotRecurring => SubscriptionErrors.SubscriptionPriceNotRecurring(r.Param!),
        SubscriptionRefusal.MeteredQuantity => SubscriptionErrors.SubscriptionMeteredQuantity(r.Param!),
        SubscriptionRefusal.PriceInactive => CatalogErrors.PriceNotForSale(r.Args[0], r.Param!),
        SubscriptionRefusal.CurrencyMismatch => SubscriptionErrors.SubscriptionCurrencyMismatch(r.Args[1], r.Args[2], r.Param!),
        SubscriptionRefusal.CurrencyNotSupported => SubscriptionErrors.SubscriptionCurrencyNotSupported(r.Args[0], r.Args[1], r.Param!),
        SubscriptionRefusal.DuplicatePrice => SubscriptionErrors.SubscriptionDuplicatePrice(r.Args[0]),
        SubscriptionRefusal.PriceInUse => SubscriptionErrors.SubscriptionPriceInUse(r.Args[0], r.Args[1]),
        SubscriptionRefusal.PaymentMethodNotAttached => PaymentMethodErrors.CustomerPaymentMethodNotAttached(r.Args[0], r.Param!),
        SubscriptionRefusal.ErrorIfIncomplete => r.Args.Count > 0 ? SubscriptionErrors.SubscriptionUpdateErrorIfIncomplete() : SubscriptionErrors.SubscriptionErrorIfIncomplete(),
        SubscriptionRefusal.Ended => SubscriptionErrors.SubscriptionEnded(),
        SubscriptionRefusal.ItemOfEnded => SubscriptionErrors.SubscriptionItemOfEnded(r.Args[0], r.Args[1]),
        SubscriptionRefusal.SendInvoiceOnly => InvoiceErrors.SubscriptionSendInvoiceOnly(),
        SubscriptionRefusal.ItemsWhileIncomplete => SubscriptionErrors.SubscriptionItemsIncomplete(r.Param, r.Args[0]),
        SubscriptionRefusal.NotInFuture => SubscriptionErrors.SubscriptionNotInFuture(r.Param!, r.Args[0]),
        SubscriptionRefusal.TrialTooLong => SubscriptionErrors.SubscriptionTrialTooLong(r.Param!, TrialRequest.MaxDays),
        SubscriptionRefusal.LastItem => SubscriptionErrors.SubscriptionLastItem(r.Param),
        SubscriptionRefusal.TooManyItems => SubscriptionErrors.SubscriptionTooManyItems(r.Param!, Subscription.MaxItems),
        SubscriptionRefusal.ProrationDateOutsidePeriod => SubscriptionErrors.SubscriptionProrationDate(),
        SubscriptionRefusal.ItemOfOtherSubscription => SubscriptionErrors.SubscriptionItemOtherSubscription(r.Args[0], r.Args[1], r.Param!),
        SubscriptionRefusal.TrialOnPaid => ErrorCatalog.NotSupported("trial_end",
            "a trial_end timestamp adds a trial only to an active subscription here (or moves a trialing one's): not built for this status."),
        SubscriptionRefusal.NotPaused => SubscriptionErrors.SubscriptionNotPaused(r.Args[0], r.Args[1]),
        SubscriptionRefusal.ResumeSendInvoice => SubscriptionErrors.SubscriptionResumeSendInvoice(),
        SubscriptionRefusal.AnchorWithTrial => SubscriptionErrors.AnchorWithTrial(r.Param!),
        SubscriptionRefusal.AddedItemRecurring => SubscriptionErrors.AddedItemRecurring(r.Param!),
        SubscriptionRefusal.AmountOutOfRange => ErrorCatalog.AmountOutOfRange(r.Param!),
        SubscriptionRefusal.AddedItemPeriod => ErrorCatalog.InvalidPeriod(long.Parse(r.Args[0], System.Globalization.CultureInfo.InvariantCulture),
            long.Parse(r.Args[1], System.Globalization.CultureInfo.InvariantCulture), r.Param!),
        SubscriptionRefusal.AnchorPastNaturalDate => SubscriptionErrors.AnchorPastNaturalDate(r.Args[0]),
        SubscriptionRefusal.AnchorConfigInterval => SubscriptionErrors.AnchorConfigInterval(),
        SubscriptionRefusal.OtherCustomer => SubscriptionErrors.SubscriptionOtherCustomer(r.Args[0], r.Args[1], r.Param!),
        SubscriptionRefusal.CurrencyOfSubscription => SubscriptionErrors.CurrencyOfSubscription(r.Args[0], r.Args[1], r.Args[2], r.Param!),
        SubscriptionRefusal.NothingToInvoice => SubscriptionErrors.NothingToInvoice(),
        SubscriptionRefusal.TrialWithMetered => ErrorCatalog.NotSupported("trial_end",
            "adding a trial to a subscription with metered items is not built: their usage so far would go unbilled."),
        SubscriptionRefusal.AnchorResetNotBuilt => ErrorCatalog.NotSupported(r.Param ?? "billing_cycle_anchor", r.Args[0] == "trialing"
            ? "resetting a trialing subscription's billing cycle (billing_cycle_anchor=now) is not built: end the trial with trial_end=now first."
            : "resetting a paused subscription's billing cycle (billing_cycle_anchor=now) is not built: resume it first."),
        SubscriptionRefusal.BackdateInFuture => SubscriptionErrors.BackdateInFuture(r.Args[0]),
        SubscriptionRefusal.BackdateBeforeEpoch => SubscriptionErrors.BackdateBeforeEpoch(r.Args[0]),
        SubscriptionRefusal.BackdateWithTrial => ErrorCatalog.NotSupported("backdate_start_date", "backdating a subscription with a trial is not built."),
        SubscriptionRefusal.BackdateTooManyLines => SubscriptionErrors.BackdateTooManyLines(),
        _ => null,
    };
}
