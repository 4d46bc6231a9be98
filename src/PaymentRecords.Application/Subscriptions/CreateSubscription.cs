using System.Text.Json.Nodes;
using PaymentRecords.Application.Invoices;
using PaymentRecords.Domain.Catalog;
using PaymentRecords.Domain.Common;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.PaymentMethods;
using PaymentRecords.Domain.Subscriptions;

namespace PaymentRecords.Application.Subscriptions;

/// <summary>One <c>items[]</c> entry: a recurring price, its quantity (1 when not given) and metadata.</summary>
/// <param name="InlinePrice">The price is this item's own inline one (<c>items[][price_data]</c>): archived from the start, and usable here.</param>
public sealed record SubscriptionItemInput(string PriceId, long? Quantity, Dictionary<string, string> Metadata, bool InlinePrice = false);

/// <summary>Stripe's <c>payment_behavior</c> values this server builds (pending_if_incomplete is refused at decode).</summary>
public static class PaymentBehaviors
{
    public const string AllowIncomplete = "allow_incomplete";
    public const string DefaultIncomplete = "default_incomplete";
    public const string ErrorIfIncomplete = "error_if_incomplete";
}

/// <param name="PaymentSettings">Stripe's <c>payment_settings</c> as rendered (payment_method_types, save_default_payment_method), or null.</param>
/// <param name="Preview">create_preview of a new subscription (<see cref="PreviewNewSubscription"/>): the first invoice is
/// made with <c>billing_reason=upcoming</c> and left a draft, and is returned with its lines even when there is nothing to
/// bill (never stored: the preview runs in a transaction it rolls back).</param>
public sealed record CreateSubscriptionCommand(
    string CustomerId,
    IReadOnlyList<SubscriptionItemInput> Items,
    string CollectionMethod,
    long? DaysUntilDue,
    string? DefaultPaymentMethodId,
    string PaymentBehavior,
    JsonObject? PaymentSettings,
    Dictionary<string, string> Metadata,
    string? Description,
    TrialRequest? Trial = null,
    CancelAtRequest? CancelAt = null,
    AnchorRequest? Anchor = null,
    IReadOnlyList<AddedInvoiceItemInput>? AddInvoiceItems = null,
    BackdateRequest? Backdate = null,
    bool Preview = false,
    IReadOnlyList<Invoices.DiscountRequest>? Discounts = null);

/// <summary>
/// <c>backdate_start_date</c> (<see cref="At"/>, not after now) with <c>proration_behavior</c>: the subscription starts
/// then, and its first invoice bills the time from then (docs/endpoints-subscriptions.md, "Backdating").
/// </summary>
public sealed record BackdateRequest(long At, string ProrationBehavior)
{
    /// <summary>"Backdating isn't supported when an invoice has more than 250 line items".</summary>
    public const int MaxLines = 250;

    /// <summary>proration_behavior=none: "doesn't charge the customer for backdated time".</summary>
    public bool Free => ProrationBehavior == "none";
}

/// <summary>
/// A billing cycle anchor asked for at create: <c>billing_cycle_anchor</c> (<see cref="At"/>, a future timestamp no
/// later than each item's next natural billing date) or <c>billing_cycle_anchor_config</c> (monthly and yearly prices
/// only), and <c>proration_behavior</c> for the time from now to the first full period.
/// </summary>
public sealed record AnchorRequest(long? At, AnchorConfig? Config, string ProrationBehavior)
{
    /// <summary>proration_behavior=none: the time up to the first full period is free, and no invoice is made for it.</summary>
    public bool Free => ProrationBehavior == "none";
}

/// <summary><c>billing_cycle_anchor_config</c>: day_of_month (1–31), and month, hour, minute, second when given.</summary>
public sealed record AnchorConfig(int DayOfMonth, int? Month, int? Hour, int? Minute, int? Second)
{
    /// <summary>As the subscription renders it (Stripe's <c>billing_cycle_anchor_config</c>).</summary>
    public JsonObject Rendered() => new()
    {
        ["day_of_month"] = DayOfMonth, ["hour"] = Hour, ["minute"] = Minute, ["month"] = Month, ["second"] = Second,
    };
}

/// <summary>
/// A trial asked for at create: <c>trial_end</c> (a timestamp; <see cref="EndsNow"/> for <c>now</c>, i.e. no trial) or
/// <c>trial_period_days</c>, or <see cref="FromPlan"/> (<c>trial_from_plan</c>: the prices' <c>recurring.trial_period_days</c>),
/// and <c>trial_settings</c> as rendered (null: Stripe's default, create_invoice).
/// </summary>
public sealed record TrialRequest(long? TrialEnd, bool EndsNow, long? TrialPeriodDays, JsonObject? Settings, bool FromPlan = false)
{
    /// <summary>Stripe's longest trial.</summary>
    public const long MaxDays = 730;
}

/// <summary><c>cancel_at</c>: a timestamp, or <c>max_period_end</c> / <c>min_period_end</c> of the items' current periods.</summary>
public sealed record CancelAtRequest(long? At, string? PeriodEnd)
{
    public const string MaxPeriodEnd = "max_period_end";
    public const string MinPeriodEnd = "min_period_end";

    /// <summary>The time it names for a subscription whose items end their periods at <paramref name="periodEnds"/>; refused unless after <paramref name="now"/>.</summary>
    public long Resolve(long now, IEnumerable<long> periodEnds)
    {
        var at = At ?? (PeriodEnd == MaxPeriodEnd ? periodEnds.Max() : periodEnds.Min());
        if (at <= now) throw new SubscriptionRefused(SubscriptionRefusal.NotInFuture, "cancel_at", at.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return at;
    }
}

/// <summary>
/// What create wrote: the subscription, its items, and its first invoice (finalized, or a send_invoice draft; none when a
/// billing cycle anchor's first period is free, or when there is nothing to bill: metered items only, nothing pending).
/// A preview's (<see cref="CreateSubscriptionCommand.Preview"/>) is always there, a draft, with its <see cref="Lines"/>.
/// </summary>
public sealed record CreatedSubscription(Subscription Subscription, IReadOnlyList<SubscriptionItem> Items, Invoice? Invoice,
    IReadOnlyList<InvoiceItem>? Lines = null);

/// <summary>
/// POST /v1/subscriptions. The customer is locked; every item's price must be active, recurring and in one currency;
/// the default payment method must be the customer's. Each item's first period starts now (the billing cycle
/// anchor) and ends one interval × interval_count later; a backdate (<see cref="BackdateRequest"/>) bills the time
/// before it too (<c>BackdatedLinesAsync</c>). The first invoice (<c>billing_reason=subscription_create</c>,
/// one line per licensed item: price × quantity for the item's period; a metered item has none) is finalized at once with auto_advance on
/// (<see cref="FinalizeInvoice"/>, so <c>invoice.payment_attempt_required</c> fires when a custom payment method must
/// pay it), except a send_invoice one with an amount due: as recorded against Stripe, it stays a draft with
/// auto_advance on, finalized by the scheduler an hour later. Nothing is charged here: a charge_automatically
/// subscription with an amount due starts <c>incomplete</c> and turns <c>active</c> when its first invoice is paid
/// (<see cref="SubscriptionInvoicePaid"/>); send_invoice subscriptions, and ones with nothing due, start <c>active</c>.
/// <c>add_invoice_items</c> become invoice items of the subscription on the first invoice (<see cref="AddedInvoiceItems"/>);
/// the customer's pending items in its currency go first on it (<see cref="SubscriptionPendingItems.AttachAllAsync"/>).
/// Events, in order: <c>customer.subscription.created</c>, <c>invoiceitem.created</c> for each added item,
/// <c>invoice.created</c>, then finalize's (none for a send_invoice draft); no invoice event without a first invoice.
/// </summary>
public sealed class CreateSubscription(BillingContext billing)
{
    /// <summary>The invoice <see cref="Invoice.Attributes"/> key of its subscription's metadata snapshot.</summary>
    public const string SubscriptionMetadataKey = "subscription_metadata";

    public async Task<CreatedSubscription> RunAsync(CreateSubscriptionCommand command)
    {
        var store = billing.Subscriptions;
        var customer = await billing.Invoices.LockCustomerAsync(command.CustomerId);
        if (customer is null || customer.Deleted) throw new NotFound("customer", command.CustomerId, "customer");
        billing.BillFor(customer.Id);
        // A test clock's customer holds at most three subscriptions (its lock makes the count hold).
        // A preview creates nothing that stays: it is not refused.
        if (customer.TestClockId is not null && !command.Preview
            && (await store.NotEndedOfCustomerAsync(customer.Id)).Count >= Domain.TestClocks.TestClock.MaxSubscriptionsPerCustomer)
            throw new TestClocks.TestClockRefused(TestClocks.TestClockRefusal.TooManySubscriptions, Domain.TestClocks.TestClock.MaxSubscriptionsPerCustomer, customer.Id);

        var prices = new List<Price>();
        for (var i = 0; i < command.Items.Count; i++)
        {
            var param = $"items[{i}][price]";
            var id = command.Items[i].PriceId;
            var price = await store.PriceAsync(id) ?? throw new NotFound("price", id, param);
            if (!price.Active && !command.Items[i].InlinePrice) throw new SubscriptionRefused(SubscriptionRefusal.PriceInactive, param, price.Id);
            if (price.Type != Price.Recurring || price.Interval is null) throw new SubscriptionRefused(SubscriptionRefusal.PriceNotRecurring, param, price.Id);
            if (MeteredUsage.IsMetered(price) && command.Items[i].Quantity is not null)
                throw new SubscriptionRefused(SubscriptionRefusal.MeteredQuantity, $"items[{i}][quantity]", price.Id);
            if (!LineAmounts.WithinLimit(price.PeriodAmount(command.Items[i].Quantity ?? 1), 1))
                throw new SubscriptionRefused(SubscriptionRefusal.AmountOutOfRange, $"items[{i}][quantity]");
            if (prices.Any(p => p.Id == price.Id)) throw new SubscriptionRefused(SubscriptionRefusal.DuplicatePrice, "plan", price.Id);
            if (prices.Count > 0 && price.Currency != prices[0].Currency)
                throw new SubscriptionRefused(SubscriptionRefusal.CurrencyMismatch, param, price.Id, price.Currency, prices[0].Currency);
            prices.Add(price);
        }
        var defaultIsCustom = false;
        if (command.DefaultPaymentMethodId is { } pmId)
        {
            var pm = await store.PaymentMethodAsync(pmId) ?? throw new NotFound("PaymentMethod", pmId, "default_payment_method");
            if (pm.CustomerId != customer.Id) throw new SubscriptionRefused(SubscriptionRefusal.PaymentMethodNotAttached, "default_payment_method", pm.Id);
            defaultIsCustom = pm.Type == PaymentMethod.Custom;
        }

        var now = billing.Now;
        var currency = prices[0].Currency;
        long? trialEnd = null;
        if (command.Trial is { EndsNow: false } trial)
        {
            var trialDays = trial.FromPlan ? PlanTrialDays(prices) : trial.TrialPeriodDays;
            trialEnd = trial.TrialEnd ?? (trialDays is > 0 and var days ? now + days * 86_400 : null);
            if (trialEnd <= now) throw new SubscriptionRefused(SubscriptionRefusal.NotInFuture, "trial_end", trialEnd.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (trialEnd > now + TrialRequest.MaxDays * 86_400)
                throw new SubscriptionRefused(SubscriptionRefusal.TrialTooLong,
                    trial.TrialEnd is not null ? "trial_end" : trial.FromPlan ? "trial_from_plan" : "trial_period_days");
        }
        var anchor = ResolveAnchor(command.Anchor, trialEnd, prices, now);
        long? backdate = null;
        if (command.Backdate?.At is { } b)
        {
            if (b > now) throw new SubscriptionRefused(SubscriptionRefusal.BackdateInFuture, "backdate_start_date", b.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (b < 0) throw new SubscriptionRefused(SubscriptionRefusal.BackdateBeforeEpoch, "backdate_start_date", b.ToString(System.Globalization.CultureInfo.InvariantCulture));
            // A backdate at now itself is no backdate: the usual first period.
            if (b < now && trialEnd is not null) throw new SubscriptionRefused(SubscriptionRefusal.BackdateWithTrial, "backdate_start_date");
            if (b < now) backdate = b;
        }
        // proration_behavior=none with an anchor: the time up to it is free ("This action doesn't generate an invoice at
        // all until the first billing period"), backdated time included.
        var free = command.Anchor is { Free: true };
        var addedInputs = command.AddInvoiceItems ?? [];
        var addedPrices = await AddedInvoiceItems.PricesAsync(billing, addedInputs, currency);
        // A backdate's periods: the cycle (anchored now, or counted back from the anchor asked for) from the period holding
        // the backdated start to the one holding now; the lines they make are counted first, against the invoice's limit.
        var backdated = new List<List<(long Start, long End)>>();
        var reservedLines = prices.Count + addedInputs.Count;
        if (backdate is { } since)
        {
            reservedLines = addedInputs.Count;
            var chargeBackdated = command.Backdate is not { Free: true };
            foreach (var price in prices)
            {
                // Backdated time not charged: only the period holding now matters, however far back the start.
                if (free || !chargeBackdated)
                {
                    var current = BillingPeriods.PeriodAt(anchor ?? now, price.Interval!, price.IntervalCount ?? 1, now);
                    backdated.Add([current]);
                    if (!free && !MeteredUsage.IsMetered(price)) reservedLines++;
                    continue;
                }
                // A metered item's period holding now makes no line here: one more period may be counted for it.
                var limit = MeteredUsage.IsMetered(price) ? BackdateRequest.MaxLines + 1 : BackdateRequest.MaxLines;
                var periods = BillingPeriods.Covering(anchor ?? now, price.Interval!, price.IntervalCount ?? 1, since, now, limit)
                    ?? throw new SubscriptionRefused(SubscriptionRefusal.BackdateTooManyLines, "backdate_start_date");
                backdated.Add(periods);
                reservedLines += MeteredUsage.IsMetered(price) ? periods.Count(p => p.End <= now) : periods.Count;
            }
            if (reservedLines > BackdateRequest.MaxLines) throw new SubscriptionRefused(SubscriptionRefusal.BackdateTooManyLines, "backdate_start_date");
        }
        var subscription = new Subscription
        {
            AccountId = billing.AccountId,
            Id = Ids.New(Ids.Subscription),
            Created = now,
            CustomerId = customer.Id,
            TestClockId = customer.TestClockId,
            Currency = currency,
            CollectionMethod = command.CollectionMethod,
            DaysUntilDue = command.DaysUntilDue,
            DefaultPaymentMethodId = command.DefaultPaymentMethodId,
            Description = command.Description,
            // A trial moves the anchor to its end: the first paid period starts there.
            BillingCycleAnchor = trialEnd ?? anchor ?? now,
            StartDate = backdate ?? now,
            Metadata = command.Metadata,
        };
        if (command.PaymentSettings is { } settings) subscription.Attributes[Subscription.PaymentSettingsKey] = settings;
        if (command.Trial?.Settings is { } trialSettings) subscription.Attributes[Subscription.TrialSettingsKey] = trialSettings;
        if (command.Anchor?.Config is { } config) subscription.Attributes[Subscription.AnchorConfigKey] = config.Rendered();

        var items = new List<SubscriptionItem>();
        var invoice = SubscriptionPendingItems.NewInvoice(billing, subscription, command.Preview ? BillingReasons.Upcoming : BillingReasons.SubscriptionCreate, now);
        // A preview's draft is never finalized, by the create or an hour later (the guide's preview: auto_advance false).
        if (command.Preview) invoice.AutoAdvance = false;
        // The first invoice is the customer's next one: its pending items (those naming no subscription, in this
        // currency) go first, as on every cycle invoice. A free first period (an anchor without proration) leaves them.
        var attached = free ? [] : await SubscriptionPendingItems.AttachAllAsync(billing, subscription, invoice, reservedLines: reservedLines);
        var lines = new List<InvoiceItem>();
        for (var i = 0; i < prices.Count; i++)
        {
            var price = prices[i];
            var input = command.Items[i];
            var item = new SubscriptionItem
            {
                AccountId = billing.AccountId,
                Id = Ids.New(Ids.SubscriptionItem),
                Created = now,
                SubscriptionId = subscription.Id,
                PriceId = price.Id,
                Quantity = input.Quantity ?? 1,
                Position = i,
                // Backdated: the cycle's period that holds now, from the backdated start at the earliest (now itself when
                // the cycle is anchored now).
                CurrentPeriodStart = backdate is { } from ? Math.Max(from, backdated[i][^1].Start) : now,
                // In a trial the item's current period is the trial; with an anchor, up to its cycle's first boundary.
                CurrentPeriodEnd = trialEnd
                    ?? (anchor is { } a ? BillingPeriods.PeriodAt(a, price.Interval!, price.IntervalCount ?? 1, now).End
                        : BillingPeriods.Boundary(now, price.Interval!, price.IntervalCount ?? 1)),
                Metadata = input.Metadata,
            };
            items.Add(item);
            // Usage before the create is not billed when backdated time is not charged.
            if (backdate is not null && (free || command.Backdate is { Free: true }) && MeteredUsage.IsMetered(price)) item.MeteredFrom = now;
            if (free) continue;
            if (backdate is { } backdatedStart)
            {
                lines.AddRange(await BackdatedLinesAsync(invoice, subscription, item, price, backdated[i], backdatedStart, now, command.Backdate is not { Free: true }));
                continue;
            }
            // A metered item bills in arrears: "When you create a billing_mode=flexible subscription, Stripe excludes
            // metered line items from the first invoice since no prior usage exists to bill."
            if (MeteredUsage.IsMetered(price)) continue;
            // Stripe's trial line: the price at $0 for the trial.
            var line = trialEnd is not null
                ? await SubscriptionInvoices.LineAsync(billing, invoice, subscription, item, price, now, unitAmount: 0m,
                    description: LineDescriptions.Trial(item.Quantity, await SubscriptionInvoices.ProductNameAsync(billing, price)))
                : anchor is { } cycle
                    ? await RemainingTimeLineAsync(invoice, subscription, item, price,
                        BillingPeriods.PeriodAt(cycle, price.Interval!, price.IntervalCount ?? 1, now), now, now)
                    : await SubscriptionInvoices.LineAsync(billing, invoice, subscription, item, price, now);
            lines.Add(line);
        }
        // proration_behavior=none with an anchor (free): "This action doesn't generate an invoice at all until the first
        // billing period".
        // Nothing to bill (metered items only, no pending items, nothing added): "Stripe creates an invoice only if the
        // subscription is backdated with previously accrued usage or if pending invoice items exist."
        var nothingToBill = invoice.LineCount == 0 && addedInputs.Count == 0;
        var firstInvoice = free || nothingToBill ? null : invoice;
        var firstPeriodEnd = items.Min(i => i.CurrentPeriodEnd);
        if (free) subscription.Attributes[Subscription.FreeUntilKey] = firstPeriodEnd;
        subscription.LatestInvoiceId = firstInvoice?.Id;
        var added = await AddedInvoiceItems.MakeAsync(billing, subscription, addedInputs, addedPrices, items.Max(i => i.CurrentPeriodStart), firstPeriodEnd, firstInvoice);
        if (firstInvoice is not null) lines.AddRange(added);
        if (command.CancelAt is { } cancelAt) subscription.CancelAt = cancelAt.Resolve(now, items.Select(i => i.CurrentPeriodEnd));

        // Its discounts, and what the first invoice takes of them (a trial's first invoice bills no items: a once one waits).
        if (command.Discounts is { Count: > 0 } discounts)
        {
            await SubscriptionDiscountChange.SetAsync(billing, subscription, discounts);
            var taken = subscription.TakeDiscounts(now, billsItems: trialEnd is null && firstInvoice is not null, preview: command.Preview);
            if (firstInvoice is not null) invoice.SetDiscounts(taken, [.. attached, .. lines]);
        }
        // What finalize will find due: the lines less the customer's balance when it applies (Invoice.Finalize).
        var due = firstInvoice is not null && invoice.Totals(customer.BalanceAppliesTo(currency) ? customer.Balance : 0).AmountDue > 0;
        if (trialEnd is { } end) subscription.StartTrial(now, end);
        else subscription.Start(due);
        // allow_incomplete (the default) and error_if_incomplete charge the first invoice during the create: Stripe refuses
        // when there is no payment method to charge; default_incomplete leaves the payment for later.
        if (subscription.Status == SubscriptionStatus.Incomplete && command.PaymentBehavior != PaymentBehaviors.DefaultIncomplete
            && command.DefaultPaymentMethodId is null && customer.DefaultPaymentMethodId is null)
            throw new SubscriptionRefused(SubscriptionRefusal.NoPaymentMethod, null);
        if (subscription.Status == SubscriptionStatus.Incomplete && command.PaymentBehavior == PaymentBehaviors.ErrorIfIncomplete)
            throw new SubscriptionRefused(SubscriptionRefusal.ErrorIfIncomplete, "payment_behavior");

        store.Add(subscription, items);
        SubscriptionSchedule.AfterCreate(billing, subscription, items, customer.TestClockId);
        await billing.Events.SubscriptionAsync(BillingOutcome.SubscriptionCreated, subscription);
        if (firstInvoice is null)
        {
            foreach (var item in added) billing.Invoices.AddItem(item);
            foreach (var item in added) await billing.Events.InvoiceItemAsync(BillingOutcome.InvoiceItemCreated, item);
            return new CreatedSubscription(subscription, items, command.Preview ? invoice : null, command.Preview ? [] : null);
        }
        store.AddInvoice(invoice, lines);
        foreach (var item in added) await billing.Events.InvoiceItemAsync(BillingOutcome.InvoiceItemCreated, item);
        await billing.Events.InvoiceAsync(BillingOutcome.InvoiceCreated, invoice, customer);
        if (command.Preview || (subscription.CollectionMethod == Subscription.SendInvoice && trialEnd is null && due))
            return new CreatedSubscription(subscription, items, invoice, [.. attached, .. lines]);
        await store.FlushAsync();
        invoice = await new FinalizeInvoice(billing).RunAsync(new FinalizeInvoiceCommand(invoice.Id, AutoAdvance: true, SubscriptionDefaultIsCustom: defaultIsCustom));
        return new CreatedSubscription(subscription, items, invoice);
    }

    /// <summary>
    /// <c>trial_from_plan</c>'s trial: the longest <c>recurring.trial_period_days</c> of the items' prices (Stripe does
    /// not say which applies when several have one); null when none has.
    /// </summary>
    private static long? PlanTrialDays(IReadOnlyList<Price> prices) =>
        prices.Select(p => p.Attributes["trial_period_days"] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<long>(out var days) ? days : (long?)null)
            .Max();

    /// <summary>
    /// The anchor asked for, checked: a timestamp in the future and no later than each item's next natural billing
    /// date; a config only with monthly or yearly prices (the first price's cycle steps it past short months). Null
    /// when none is asked for. A trial with an anchor (a free period, then a prorated one) is not built.
    /// </summary>
    private static long? ResolveAnchor(AnchorRequest? request, long? trialEnd, IReadOnlyList<Price> prices, long now)
    {
        if (request is null) return null;
        var param = request.At is null ? "billing_cycle_anchor_config" : "billing_cycle_anchor";
        if (trialEnd is not null) throw new SubscriptionRefused(SubscriptionRefusal.AnchorWithTrial, param);
        if (request.At is { } at)
        {
            if (at <= now) throw new SubscriptionRefused(SubscriptionRefusal.NotInFuture, param, at.ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var price in prices)
            {
                var natural = BillingPeriods.Boundary(now, price.Interval!, price.IntervalCount ?? 1);
                if (at > natural)
                    throw new SubscriptionRefused(SubscriptionRefusal.AnchorPastNaturalDate, param, natural.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            return at;
        }
        var config = request.Config!;
        if (prices.Any(p => BillingPeriods.Months(p.Interval!, p.IntervalCount ?? 1) is null))
            throw new SubscriptionRefused(SubscriptionRefusal.AnchorConfigInterval, param);
        return BillingPeriods.AnchorFromConfig(now, BillingPeriods.Months(prices[0].Interval!, prices[0].IntervalCount ?? 1)!.Value,
            config.DayOfMonth, config.Month, config.Hour, config.Minute, config.Second);
    }

    /// <summary>
    /// A backdated item's lines: "one line item for each natural billing period that occurs during the backdated
    /// period" (flexible billing mode) of <paramref name="periods"/>, then the period holding now, in advance, as on any
    /// first invoice. A licensed item bills each period in full, the first prorated from <paramref name="since"/> when
    /// it began before it; a metered item bills the usage of each period that has ended, in arrears, when there is any
    /// (the current period's comes at its end). <paramref name="chargeBackdated"/> false (proration_behavior=none):
    /// only the period that starts now is billed.
    /// </summary>
    private async Task<List<InvoiceItem>> BackdatedLinesAsync(Invoice invoice, Subscription subscription, SubscriptionItem item, Price price,
        IReadOnlyList<(long Start, long End)> periods, long since, long now, bool chargeBackdated)
    {
        var lines = new List<InvoiceItem>();
        foreach (var (start, end) in periods)
        {
            var from = Math.Max(start, since);
            if (MeteredUsage.IsMetered(price))
            {
                if (!chargeBackdated || end > now) continue;
                var usage = await MeteredUsage.OfAsync(billing, subscription, price, from, end);
                if (usage > 0) lines.Add(await SubscriptionInvoices.LineAsync(billing, invoice, subscription, item, price, now, (from, end), quantity: usage));
            }
            else if (!chargeBackdated && start < now)
            {
                continue;
            }
            else if (from > start)
            {
                lines.Add(await RemainingTimeLineAsync(invoice, subscription, item, price, (start, end), from, now));
            }
            else
            {
                lines.Add(await SubscriptionInvoices.LineAsync(billing, invoice, subscription, item, price, now, (start, end)));
            }
        }
        return lines;
    }

    /// <summary>
    /// A licensed item's line for the rest of a cycle period from <paramref name="from"/> (now under an anchor, the
    /// backdated start for a backdate): Stripe's proration formula and description, marked a proration.
    /// </summary>
    private async Task<InvoiceItem> RemainingTimeLineAsync(Invoice invoice, Subscription subscription, SubscriptionItem item, Price price,
        (long Start, long End) cycle, long from, long now)
    {
        var prorated = Prorations.Of(price.PeriodAmount(item.Quantity), item.Quantity, cycle.Start, cycle.End, from, credit: false, billedQuantity: 1);
        var description = Prorations.Description(false, await SubscriptionInvoices.ProductNameAsync(billing, price), item.Quantity, from);
        var line = await SubscriptionInvoices.LineAsync(billing, invoice, subscription, item, price, now, (from, cycle.End),
            unitAmount: prorated.UnitAmountDecimal, description: description);
        line.Attributes[SubscriptionPendingItems.ProrationKey] = true;
        return line;
    }
}
