using System.Text.Json.Nodes;
using PaymentRecords.Api.Billing;
using PaymentRecords.Api.Invoices;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using PaymentRecords.Api.Wire.Spec;
using PaymentRecords.Application.Customers;
using PaymentRecords.Application.Invoices;
using PaymentRecords.Application.Subscriptions;

namespace PaymentRecords.Api.Subscriptions;

/// <summary>
/// POST /v1/invoices/create_preview for a subscription's next renewal (<see cref="PreviewRenewal"/>;
/// docs/endpoints-test-clocks.md), for that renewal after a change of its items (<c>subscription_details[items]</c>,
/// <c>[proration_date]</c>, <c>[proration_behavior]</c>: <see cref="PreviewExistingAsync"/>), and for the first invoice
/// of a new subscription (<c>customer</c> and <c>subscription_details</c> without <c>subscription</c>:
/// <see cref="PreviewCreateAsync"/>), each with <c>invoice_items</c> (<see cref="PreviewInvoiceItems"/>), and for invoice
/// items alone (<see cref="PreviewItemsAloneAsync"/>). Previews of schedules are not built.
/// </summary>
public static class InvoicePreviewApi
{
    public static IEndpointRouteBuilder MapInvoicePreview(this IEndpointRouteBuilder app)
    {
        app.MapStripe("POST", "/v1/invoices/create_preview", StripeOperations.PostInvoicesCreatePreview, "invoice", Preview).WithTags("Invoices");
        return app;
    }

    private static async Task<JsonObject> Preview(RequestScope s)
    {
        var p = s.Params;
        // "The Preview Invoice API only supports previewing the upcoming invoice for a specific subscription or
        // subscription schedule, not for a customer as a whole."
        if (!p.Has("subscription") && !p.Has("schedule") && p.Nested("subscription_details")?.Has("items") != true
            && p.Nested("schedule_details")?.Has("phases") != true && !p.Has("invoice_items"))
            throw new StripeException(SubscriptionErrors.PreviewNeedsSubject());
        foreach (var (key, _) in p.Values)
            if (key is not ("subscription" or "customer" or "expand" or "subscription_details" or "invoice_items" or "currency" or "preview_mode" or "discounts"))
                throw new StripeException(ErrorCatalog.NotSupported(key,
                    "previews here take subscription, customer, subscription_details, invoice_items, currency, preview_mode and discounts."));
        var discounts = InvoiceParams.Discounts(p);
        await InvoiceParams.ResolveDiscountsAsync(s, p.Values, "discounts", applied: true);
        // A subscription's invoice is in its prices' currency; a preview in another (multi-currency prices) is not built.
        if (p.Has("currency") && (p.String("subscription") is { Length: > 0 } || p.Has("subscription_details")))
            throw new StripeException(ErrorCatalog.NotSupported("currency", "a subscription's preview is in its prices' currency: currency is taken with invoice_items alone."));
        var billing = new RequestBilling(s);
        var customerId = p.String("customer") is { Length: > 0 } customer ? customer : null;
        // A new subscription is named by its items: other details alone would be dropped.
        if (!p.Has("subscription") && p.Nested("subscription_details") is { } detailsOnly && !detailsOnly.Has("items"))
            throw new StripeException(ErrorCatalog.MissingParameter("subscription_details[items]"));
        // The subject check above leaves a subscription, a new one's items, or invoice items alone.
        var preview = p.String("subscription") is { Length: > 0 } subscriptionId
            ? await PreviewExistingAsync(s, billing, subscriptionId, p.Nested("subscription_details"), customerId)
            : p.Nested("subscription_details") is { } created
                ? await PreviewCreateAsync(s, billing, created, customerId)
                : await PreviewItemsAloneAsync(s, billing, customerId);
        // "The coupons to redeem into discounts for the invoice preview. If not specified, inherits the discount from the
        // subscription or customer… Pass an empty string to avoid inheriting any discounts."
        if (discounts is not null)
            await billing.RunAsync(async b => { await InvoiceDiscountChange.PreviewAsync(b, preview.Invoice, preview.Lines, discounts); return true; },
                Coupons.CouponErrors.Refusal);
        if (p.String("preview_mode") == "recurring") preview = preview.RecurringOnly();
        var rendered = InvoiceRenderer.Render(preview.Invoice, preview.Lines, preview.Customer);
        // A preview made for no customer bills one made for the preview alone: the preview names none.
        if (customerId is null && p.String("subscription") is not { Length: > 0 }) rendered["customer"] = null;
        var id = UpcomingId(preview.Invoice);
        rendered["id"] = id;
        rendered["lines"]!["url"] = InvoiceRenderer.LinesUrl(id);
        // "the resulting invoice preview can be retrieved through the /v1/invoices/:id endpoint for the following 72
        // hours", its lines beyond the first ten through /v1/invoices/:id/lines.
        await KeptPreviews.KeepAsync(s, id, rendered, preview.Lines, preview.Invoice.DiscountShares());
        return await s.ExpandAsync(rendered, "invoice");
    }

    private static StripeError? PreviewRefusal(Exception e) => e is RenewalPreviewRefused r ? ErrorCatalog.NotSupported(r.Param, r.Message) : null;

    /// <summary>What a change preview takes of <c>subscription_details</c>: the update's item parameters.</summary>
    private static readonly HashSet<string> ChangeKeys = ["items", "proration_date", "proration_behavior"];

    /// <summary>
    /// The next renewal as it would be after the change: "the upcoming invoice … including proration". The change is
    /// made for real by <see cref="UpdateSubscription"/> (every rule of an update: its refusals, its prorations as
    /// pending items, its rescheduling), the renewal previewed on top of it, and the change undone
    /// (<see cref="RequestScope.ChangeThenUndoAsync"/>): nothing of it is stored or sent. The first query, which an
    /// idempotency key's claim rides, is sent before, so the claim stays.
    /// </summary>
    private static async Task<RenewalPreview> PreviewExistingAsync(RequestScope s, RequestBilling billing, string subscriptionId, StripeParams? details,
        string? customerId)
    {
        if (details is null && !s.Params.Has("invoice_items"))
            return await billing.RunAsync(b => new PreviewRenewal(b).RunAsync(subscriptionId, customerId), PreviewRefusal);
        var command = details is null ? null : await ChangeCommandAsync(details, subscriptionId);
        // The first query (an idempotency key's claim rides it), before the savepoint.
        var subscription = await billing.Context.Schedule.FindSubscriptionAsync(subscriptionId)
            ?? throw new StripeException(ErrorCatalog.NoSuch("subscription", subscriptionId, "subscription"));
        // Invoice items previewed with a subscription are its pending items: "the upcoming invoice" takes them first.
        var items = await PreviewInvoiceItems.DecodeAsync(s, s.Params, subscription.CustomerId);
        List<Domain.Invoices.InvoiceItem> made = [];
        return await s.ChangeThenUndoAsync(
            async () =>
            {
                if (command is not null)
                    await ScopedAsync(() => billing.RunAsync(b => new UpdateSubscription(b).RunAsync(command), SubscriptionsApi.Refusal));
                made = await PreviewInvoiceItems.CreateAsync(billing, items, item => item with { SubscriptionId = subscriptionId });
            },
            async () => PreviewInvoiceItems.RequireAllOn(
                await billing.RunAsync(b => new PreviewRenewal(b).RunAsync(subscriptionId, customerId), PreviewRefusal), made));
    }

    /// <summary>A change's <c>subscription_details</c> as the update's command (only its item parameters are built).</summary>
    private static Task<UpdateSubscriptionCommand> ChangeCommandAsync(StripeParams details, string subscriptionId)
    {
        foreach (var (key, _) in details.Values)
            if (!ChangeKeys.Contains(key))
                throw new StripeException(ErrorCatalog.NotSupported($"subscription_details[{key}]",
                    "a preview here changes items only (items, proration_date, proration_behavior)."));
        if (details.String("proration_behavior") == "always_invoice")
            throw new StripeException(ErrorCatalog.NotSupported("subscription_details[proration_behavior]",
                "previewing the invoice an always_invoice change makes at once is not built: preview with create_prorations."));
        RefuseInlinePrices(details);
        return ScopedAsync(() => Task.FromResult(
            SubscriptionParams.Update(new StripeParams(details.Values), subscriptionId, new Dictionary<int, string>())));
    }

    /// <summary>
    /// What a new subscription's preview takes of <c>subscription_details</c>, and the create parameter each is:
    /// <c>start_date</c> in the past is <c>backdate_start_date</c> (in the future it is a schedule's, not built).
    /// </summary>
    private static readonly Dictionary<string, string> CreateKeys = new(StringComparer.Ordinal)
    {
        ["items"] = "items", ["trial_end"] = "trial_end", ["billing_cycle_anchor"] = "billing_cycle_anchor",
        ["proration_behavior"] = "proration_behavior", ["start_date"] = "backdate_start_date", ["cancel_at"] = "cancel_at",
        ["billing_mode"] = "billing_mode",
    };

    /// <summary>
    /// The first invoice of a new subscription: the create is made for real by <see cref="PreviewNewSubscription"/>
    /// (every rule of POST /v1/subscriptions, as <c>default_incomplete</c>, its first invoice left a draft) and undone
    /// (<see cref="RequestScope.ChangeThenUndoAsync"/>); the customer is read first, outside the savepoint (an
    /// idempotency key's claim rides that query).
    /// </summary>
    private static async Task<RenewalPreview> PreviewCreateAsync(RequestScope s, RequestBilling billing, StripeParams details, string? customerId)
    {
        // Without a customer (a visitor considering a purchase), one is made inside the undone change and named nowhere.
        var (anonymous, billed) = Billed(customerId);
        var values = new System.Text.Json.Nodes.JsonObject { ["customer"] = billed };
        foreach (var (key, value) in details.Values)
        {
            if (!CreateKeys.TryGetValue(key, out var createKey))
                throw new StripeException(ErrorCatalog.NotSupported($"subscription_details[{key}]", key switch
                {
                    "default_tax_rates" => "tax rates are not emulated.",
                    _ => "a new subscription's preview takes items, trial_end, billing_cycle_anchor, proration_behavior, start_date, cancel_at and billing_mode here.",
                }));
            // billing_cycle_anchor=now is a new subscription's own anchor; unchanged names an existing one's.
            if (key == "billing_cycle_anchor" && value is JsonValue anchor && anchor.TryGetValue<string>(out var word) && !long.TryParse(word, out _))
            {
                if (word == "now") continue;
                throw new StripeException(ErrorCatalog.NotSupported("subscription_details[billing_cycle_anchor]",
                    "unchanged keeps an existing subscription's anchor: a new subscription's preview takes a timestamp or now."));
            }
            values[createKey] = value?.DeepClone();
        }
        RefuseInlinePrices(details);
        var command = await ScopedAsync(() => Task.FromResult(SubscriptionParams.Create(new StripeParams(values),
            new Dictionary<int, string>(), new Dictionary<int, string>())), CreateParam);
        // The first query (an idempotency key's claim rides it), before the savepoint.
        var currency = (await billing.Context.Subscriptions.PriceAsync(command.Items[0].PriceId))?.Currency;
        if (!anonymous && await billing.Context.Invoices.LiveCustomerAsync(billed) is null)
            throw new StripeException(ErrorCatalog.NoSuch("customer", billed, "customer"));
        // Invoice items previewed with a new subscription are the customer's pending items, in its currency: the first
        // invoice takes them first, as it takes the ones already pending.
        var items = await PreviewInvoiceItems.DecodeAsync(s, s.Params, billed);
        if (currency is not null) PreviewInvoiceItems.RequireCurrency(items, currency, "subscription");
        RenewalPreview? preview = null;
        return await s.ChangeThenUndoAsync(
            async () =>
            {
                if (anonymous) await MakeCustomerAsync(billing, billed);
                var made = await PreviewInvoiceItems.CreateAsync(billing, items, item => item with { Currency = item.Currency ?? currency });
                preview = PreviewInvoiceItems.RequireAllOn(await ScopedAsync(() => billing.RunAsync(b => new PreviewNewSubscription(b).RunAsync(command, anonymous),
                    e => PreviewRefusal(e) ?? SubscriptionsApi.Refusal(e)), CreateParam), made);
            },
            () => Task.FromResult(preview!));
    }

    /// <summary>
    /// Invoice items alone (the guide's first call): a one-off draft of just those items, <c>billing_reason=upcoming</c>,
    /// in <c>currency</c> ("Defaults to that of customer if not specified"; a customer with none, or no customer: the
    /// first currency an item names, else usd); the customer's items already pending are not on it (an invoice
    /// created now "excludes" them by default). Made for real by <see cref="CreateInvoice"/> and
    /// <see cref="CreateInvoiceItem"/> inside the undone savepoint; without a customer, for one made there.
    /// </summary>
    private static async Task<RenewalPreview> PreviewItemsAloneAsync(RequestScope s, RequestBilling billing, string? customerId)
    {
        var (anonymous, billed) = Billed(customerId);
        var items = await PreviewInvoiceItems.DecodeAsync(s, s.Params, billed);
        if (items.Count == 0) throw new StripeException(ErrorCatalog.MissingParameter("invoice_items"));
        // The first query (an idempotency key's claim rides it), before the savepoint: the customer (none yet without one).
        var customer = await billing.Context.Invoices.LiveCustomerAsync(billed);
        if (!anonymous && customer is null) throw new StripeException(ErrorCatalog.NoSuch("customer", billed, "customer"));
        var currency = s.Params.String("currency") ?? customer?.Currency ?? items.Select(i => i.Currency).FirstOrDefault(c => c is not null)
            ?? Domain.Money.Currencies.AccountDefault;
        PreviewInvoiceItems.RequireCurrency(items, currency, "invoice preview");
        RenewalPreview? preview = null;
        return await s.ChangeThenUndoAsync(
            async () =>
            {
                if (anonymous) await MakeCustomerAsync(billing, billed);
                var draft = await billing.RunAsync(b => new CreateInvoice(b).RunAsync(new CreateInvoiceCommand(billed, currency,
                    new InvoiceFieldsChange(AutoAdvance: false), Preview: true)), SubscriptionsApi.Refusal);
                // Each item locks the draft it goes on: it must be written first.
                await s.FlushBeforeReadAsync();
                var lines = await PreviewInvoiceItems.CreateAsync(billing, items, item => item with { InvoiceId = draft.Id });
                preview = new RenewalPreview(draft, lines, customer);
            },
            () => Task.FromResult(preview!));
    }

    /// <summary>Inline prices are made by the endpoints before their use case (<see cref="SubscriptionInlinePrices"/>), outside what a preview undoes: not built in previews.</summary>
    private static void RefuseInlinePrices(StripeParams details)
    {
        if (details.Array("items") is { } entries && entries.OfType<JsonObject>().Any(e => e.ContainsKey("price_data")))
            throw new StripeException(ErrorCatalog.NotSupported("subscription_details[items][][price_data]", "inline prices are not built in previews: create the price first."));
    }

    /// <summary>The customer a preview bills: the one given, else a new id for one made inside the undone change (<paramref name="customerId"/> null: anonymous).</summary>
    private static (bool Anonymous, string Billed) Billed(string? customerId) =>
        (customerId is null, customerId ?? Domain.Common.Ids.New(Domain.Common.Ids.Customer));

    /// <summary>Makes the anonymous preview's customer (<see cref="PreviewCustomers"/>), inside the savepoint.</summary>
    private static Task<bool> MakeCustomerAsync(RequestBilling billing, string customerId) =>
        billing.RunAsync(async b => { await PreviewCustomers.MakeAsync(b, customerId); return true; }, _ => null);

    /// <summary>A create's parameter as the new subscription's preview names it (<see cref="CreateKeys"/> backwards; the customer is the preview's own).</summary>
    private static string? CreateParam(string param) => param switch
    {
        "customer" => "customer",
        "backdate_start_date" => "subscription_details[start_date]",
        _ => null,
    };

    /// <summary>
    /// An update's or a create's refusal, its parameter named as the preview names it: <c>items[0][price]</c> →
    /// <c>subscription_details[items][0][price]</c> (in the message too), <c>proration_date</c> →
    /// <c>subscription_details[proration_date]</c>; <c>plan</c> and an item's <c>metadata</c> are the items',
    /// <c>id</c> the subscription's; <paramref name="renamed"/> names the ones a preview spells its own way. A bare name
    /// is replaced in the message only where it is quoted as a parameter (<c>`trial_end`</c>): elsewhere it may be a plain word.
    /// </summary>
    private static StripeError InDetails(StripeError error, Func<string, string?>? renamed = null)
    {
        if (error.Param is not { Length: > 0 } param || param.StartsWith("subscription_details", StringComparison.Ordinal)) return error;
        // A name the preview spells its own way (a new subscription's create parameters), in the message too.
        if (renamed?.Invoke(param) is { } own)
            return own == param ? error : error with { Param = own, Message = error.Message.Replace(param, own, StringComparison.Ordinal) };
        var bracket = param.IndexOf('[');
        if (bracket > 0)
        {
            var nested = $"subscription_details[{param[..bracket]}]{param[bracket..]}";
            return error with { Param = nested, Message = error.Message.Replace(param, nested, StringComparison.Ordinal) };
        }
        var bare = param switch
        {
            "id" => "subscription",
            "plan" or "metadata" => "subscription_details[items]",
            _ => $"subscription_details[{param}]",
        };
        // A bare name quoted as a parameter (`trial_end`) is renamed in the message too; unquoted it may be a plain word.
        return error with { Param = bare, Message = error.Message.Replace($"`{param}`", $"`{bare}`", StringComparison.Ordinal) };
    }

    private static async Task<T> ScopedAsync<T>(Func<Task<T>> run, Func<string, string?>? renamed = null)
    {
        try
        {
            return await run();
        }
        catch (StripeException e)
        {
            throw new StripeException(InDetails(e.Error, renamed));
        }
    }

    /// <summary>A preview is not an invoice that exists: "this id will be prefixed with <c>upcoming_in</c>".</summary>
    private static string UpcomingId(Domain.Invoices.Invoice preview) => KeptPreviews.Prefix + preview.Id[Domain.Common.Ids.Invoice.Length..];
}
