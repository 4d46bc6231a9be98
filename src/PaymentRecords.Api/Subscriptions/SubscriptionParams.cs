using System.Text.Json.Nodes;
using PaymentRecords.Api.Billing;
using PaymentRecords.Api.Invoices;
using PaymentRecords.Api.Wire;
using PaymentRecords.Application;
using PaymentRecords.Application.Subscriptions;
using PaymentRecords.Domain.Subscriptions;

namespace PaymentRecords.Api.Subscriptions;

/// <summary>
/// Decodes the subscription endpoints' parameters into commands. The spec has already checked names and types; every
/// Stripe parameter this server does not build is refused here with a 400 that names it (never ignored).
/// </summary>
public static class SubscriptionParams
{
    private static readonly HashSet<string> CreateParams =
    [
        "customer", "items", "collection_method", "days_until_due", "default_payment_method", "payment_behavior",
        "payment_settings", "metadata", "description", "expand", "billing_mode", "off_session",
        "trial_end", "trial_period_days", "trial_settings", "trial_from_plan", "cancel_at",
        "billing_cycle_anchor", "billing_cycle_anchor_config", "proration_behavior", "add_invoice_items", "backdate_start_date",
        "discounts",
    ];

    private static readonly HashSet<string> UpdateParams =
    [
        "default_payment_method", "metadata", "description", "cancel_at_period_end", "payment_settings",
        "collection_method", "days_until_due", "expand", "off_session",
        "items", "proration_behavior", "proration_date", "payment_behavior", "cancel_at", "cancellation_details",
        "pause_collection", "trial_end", "trial_settings", "billing_cycle_anchor", "discounts",
    ];

    private static readonly HashSet<string> UpdateItemParams = ["id", "price", "price_data", "quantity", "deleted", "metadata", "clear_usage"];

    private static readonly HashSet<string> ItemParams = ["price", "price_data", "quantity", "metadata"];
    private static readonly HashSet<string> PaymentSettingsParams = ["payment_method_types", "save_default_payment_method"];

    /// <summary>Why each create/update parameter not built is refused (the rest: "not built yet").</summary>
    private static readonly Dictionary<string, string> Why = new(StringComparer.Ordinal)
    {
        // Accepted on create; on update it would add a trial to a paid period (a proration), which is not built.
        ["trial_from_plan"] = "applying a price's trial_period_days on update is not built: pass trial_end (a future one adds a trial to an active subscription).",
        ["automatic_tax"] = "taxes are not emulated.",
        ["default_tax_rates"] = "tax rates are not emulated.",
        ["default_source"] = "sources are not held by this server.",
    };

    // ------------------------------------------------------------------ create

    /// <summary>
    /// The create's parameters as a command; <paramref name="inlinePrices"/> and <paramref name="inlineAdded"/>: the
    /// items and add_invoice_items whose <c>price_data</c> made their price (<see cref="SubscriptionInlinePrices"/>).
    /// </summary>
    public static CreateSubscriptionCommand Create(StripeParams p, IReadOnlyDictionary<int, string> inlinePrices, IReadOnlyDictionary<int, string> inlineAdded)
    {
        RefuseOthers(p.Values, CreateParams);
        var customer = p.String("customer")!;
        var items = p.Array("items");
        if (items is null || items.Count == 0) throw new StripeException(ErrorCatalog.MissingParameter("items"));
        if (items.Count > Subscription.MaxItems)
            throw new StripeException(ErrorCatalog.NotSupported("items", $"a subscription has at most {Subscription.MaxItems} items."));
        var inputs = new List<SubscriptionItemInput>();
        for (var i = 0; i < items.Count; i++)
        {
            var prefix = $"items[{i}]";
            if (items[i] is not JsonObject item) throw new StripeException(ErrorCatalog.InvalidHash(prefix));
            foreach (var key in item.Select(kv => kv.Key).Where(k => !ItemParams.Contains(k)))
                throw new StripeException(ErrorCatalog.NotSupported($"{prefix}[{key}]", key switch
                {
                    "plan" => "plans are prices here: pass items[][price].",
                    "tax_rates" => "tax rates are not emulated.",
                    "discounts" => Invoices.InvoiceParams.DiscountsNotApplied,
                    _ => "not built yet.",
                }));
            var line = new StripeParams(item);
            var price = inlinePrices.GetValueOrDefault(i) ?? line.String("price");
            if (string.IsNullOrEmpty(price)) throw new StripeException(ErrorCatalog.MissingParameter($"{prefix}[price]"));
            var quantity = line.Long("quantity");
            if (quantity < 0) throw new StripeException(ErrorCatalog.ValueNegative($"{prefix}[quantity]"));
            inputs.Add(new SubscriptionItemInput(price, quantity, MetadataChange.New(Metadata(line)), inlinePrices.ContainsKey(i)));
        }
        var collection = p.String("collection_method") ?? Subscription.ChargeAutomatically;
        var days = p.Long("days_until_due");
        if (days is not null && collection != Subscription.SendInvoice) throw new StripeException(InvoiceErrors.SubscriptionSendInvoiceOnly());
        if (days is null && collection == Subscription.SendInvoice) throw new StripeException(InvoiceErrors.SubscriptionSendInvoiceNeedsDays());
        if (days < 0) throw new StripeException(ErrorCatalog.ValueNegative("days_until_due"));
        var behavior = p.String("payment_behavior") ?? PaymentBehaviors.AllowIncomplete;
        if (behavior == "pending_if_incomplete") throw new StripeException(SubscriptionErrors.PendingIfIncompleteOnCreate());
        if (p.Object("billing_mode")?["type"] is JsonValue mode && mode.GetValue<string>() == "classic")
            throw new StripeException(ErrorCatalog.NotSupported("billing_mode[type]", "subscriptions here use flexible billing mode (the default of API 2025-10-29.clover)."));
        // proration_discounts=included is what every subscription here renders; itemized needs discounts, not built.
        if (p.Object("billing_mode")?["flexible"] is JsonObject flexible && flexible["proration_discounts"] is JsonValue display
            && display.GetValue<string>() != "included")
            throw new StripeException(ErrorCatalog.NotSupported("billing_mode[flexible][proration_discounts]", "discounts are not built yet, so there are none to itemize."));
        return new CreateSubscriptionCommand(
            customer,
            inputs,
            collection,
            days,
            NonEmpty(p.String("default_payment_method")),
            behavior,
            PaymentSettingsPatch(p) is { } patch ? UpdateSubscription.ApplyPaymentSettings(null, patch) : null,
            MetadataChange.New(Metadata(p)),
            NonEmpty(p.String("description")),
            Trial(p),
            CancelAt(p),
            Anchor(p),
            AddInvoiceItems(p, inlineAdded),
            p.Long("backdate_start_date") is { } backdate ? new BackdateRequest(backdate, p.String("proration_behavior") ?? "create_prorations") : null,
            Discounts: Invoices.InvoiceParams.Discounts(p));
    }

    private static readonly HashSet<string> AddedItemParams = ["price", "price_data", "quantity", "metadata", "period", "discounts", "tax_rates"];

    /// <summary>add_invoice_items[]: a price (or the inline one its price_data made: <paramref name="inline"/>), quantity, metadata, period.</summary>
    private static List<AddedInvoiceItemInput>? AddInvoiceItems(StripeParams p, IReadOnlyDictionary<int, string> inline)
    {
        if (p.Array("add_invoice_items") is not { } entries) return null;
        if (entries.Count > 20) throw new StripeException(ErrorCatalog.NotSupported("add_invoice_items", "a subscription takes at most 20 add_invoice_items."));
        var inputs = new List<AddedInvoiceItemInput>();
        for (var i = 0; i < entries.Count; i++)
        {
            var prefix = $"add_invoice_items[{i}]";
            if (entries[i] is not JsonObject entry) throw new StripeException(ErrorCatalog.InvalidHash(prefix));
            foreach (var key in entry.Select(kv => kv.Key).Where(k => !AddedItemParams.Contains(k)))
                throw new StripeException(ErrorCatalog.NotSupported($"{prefix}[{key}]", "not built yet."));
            var item = new StripeParams(entry);
            if (item.Array("discounts") is { Count: > 0 }) throw new StripeException(ErrorCatalog.NotSupported($"{prefix}[discounts]", Invoices.InvoiceParams.DiscountsNotApplied));
            if (item.Array("tax_rates") is { Count: > 0 }) throw new StripeException(ErrorCatalog.NotSupported($"{prefix}[tax_rates]", "tax rates are not emulated."));
            var price = inline.GetValueOrDefault(i) ?? item.String("price");
            if (string.IsNullOrEmpty(price)) throw new StripeException(ErrorCatalog.MissingParameter($"{prefix}[price]"));
            var quantity = item.Long("quantity") ?? 1;
            if (quantity < 0) throw new StripeException(ErrorCatalog.ValueNegative($"{prefix}[quantity]"));
            var period = item.Nested("period");
            var start = period?.Nested("start");
            var end = period?.Nested("end");
            inputs.Add(new AddedInvoiceItemInput(price, quantity, MetadataChange.New(Metadata(item)),
                start?.String("type") ?? AddedInvoiceItems.MaxItemPeriodStart, PeriodTimestamp(start, $"{prefix}[period][start]"),
                end?.String("type") ?? AddedInvoiceItems.MinItemPeriodEnd, PeriodTimestamp(end, $"{prefix}[period][end]"), inline.ContainsKey(i)));
        }
        return inputs;
    }

    /// <summary>A period bound's timestamp: required with type=timestamp, and only then.</summary>
    private static long? PeriodTimestamp(StripeParams? bound, string name)
    {
        if (bound is null) return null;
        var at = bound.Long("timestamp");
        if (bound.String("type") == AddedInvoiceItems.Timestamp && at is null) throw new StripeException(ErrorCatalog.MissingParameter($"{name}[timestamp]"));
        return bound.String("type") == AddedInvoiceItems.Timestamp ? at : null;
    }

    /// <summary>billing_cycle_anchor or billing_cycle_anchor_config (exclusive), with proration_behavior; null when neither is given.</summary>
    private static AnchorRequest? Anchor(StripeParams p)
    {
        var at = p.Long("billing_cycle_anchor");
        var config = p.Nested("billing_cycle_anchor_config");
        if (at is null && config is null) return null;
        if (at is not null && config is not null) throw new StripeException(ErrorCatalog.Exclusive("billing_cycle_anchor", "billing_cycle_anchor_config"));
        var behavior = p.String("proration_behavior") ?? "create_prorations";
        if (config is null) return new AnchorRequest(at, null, behavior);
        int? Part(string name, int min, int max)
        {
            if (config.Long(name) is not { } value) return null;
            if (value < min || value > max)
                throw new StripeException(SubscriptionErrors.AnchorConfigRange($"billing_cycle_anchor_config[{name}]", min, max));
            return (int)value;
        }
        var day = Part("day_of_month", 1, 31) ?? throw new StripeException(ErrorCatalog.MissingParameter("billing_cycle_anchor_config[day_of_month]"));
        return new AnchorRequest(null, new AnchorConfig(day, Part("month", 1, 12), Part("hour", 0, 23), Part("minute", 0, 59), Part("second", 0, 59)), behavior);
    }

    /// <summary>trial_end (a timestamp or <c>now</c>), trial_period_days, trial_settings; null when none is given.</summary>
    private static TrialRequest? Trial(StripeParams p)
    {
        var endsNow = p.String("trial_end") == "now";
        var end = p.Long("trial_end");
        var days = p.Long("trial_period_days");
        var settings = p.Object("trial_settings");
        var fromPlan = p.Bool("trial_from_plan") == true;
        if (!endsNow && end is null && days is null && settings is null && !fromPlan) return null;
        if ((endsNow || end is not null) && days is not null) throw new StripeException(SubscriptionErrors.TrialConflict("trial_period_days"));
        // "Setting this flag to true together with trial_end is not allowed" (and with trial_period_days, which also names the trial).
        if (fromPlan && (endsNow || end is not null)) throw new StripeException(ErrorCatalog.Exclusive("trial_end", "trial_from_plan"));
        if (fromPlan && days is not null) throw new StripeException(ErrorCatalog.Exclusive("trial_from_plan", "trial_period_days"));
        if (days < 0) throw new StripeException(ErrorCatalog.ValueNegative("trial_period_days"));
        JsonObject? rendered = settings is null ? null : new JsonObject
        {
            ["end_behavior"] = new JsonObject { ["missing_payment_method"] = settings["end_behavior"]?["missing_payment_method"]?.DeepClone() },
        };
        return new TrialRequest(end, endsNow, days, rendered, fromPlan);
    }

    /// <summary>cancel_at: a timestamp, max_period_end or min_period_end; null when not given ("" is handled by update).</summary>
    private static CancelAtRequest? CancelAt(StripeParams p) =>
        p.Long("cancel_at") is { } at ? new CancelAtRequest(at, null)
        : p.String("cancel_at") is { Length: > 0 } end ? new CancelAtRequest(null, end)
        : null;

    // ------------------------------------------------------------------ update

    /// <summary>The update's parameters as a command; <paramref name="inlinePrices"/>: the items whose <c>price_data</c> made their price (<see cref="SubscriptionInlinePrices"/>).</summary>
    public static UpdateSubscriptionCommand Update(StripeParams p, string id, IReadOnlyDictionary<int, string> inlinePrices)
    {
        RefuseOthers(p.Values, UpdateParams);
        if (p.Bool("cancel_at_period_end") == true && p.Values["cancel_at"] is not null && !p.IsUnset("cancel_at"))
            throw new StripeException(SubscriptionErrors.CancelAtConflict("cancel_at"));
        SubscriptionItemChanges? itemChanges = null;
        // payment_behavior alone changes nothing: it only says how an invoice this update makes is paid.
        var behavior = UpdatePaymentBehavior(p);
        // billing_cycle_anchor=now restarts the cycle (UpdateSubscription drops it when trial_end=now ends a trial in the
        // same request: that already starts the paid cycle now); unchanged alone changes nothing.
        var anchor = p.String("billing_cycle_anchor") switch
        {
            "now" => AnchorChange.Now,
            "unchanged" => AnchorChange.Unchanged,
            _ => (AnchorChange?)null,
        };
        if (p.Values.ContainsKey("items") || p.Values.ContainsKey("proration_behavior") || p.Values.ContainsKey("proration_date")
            || anchor == AnchorChange.Now)
        {
            var changes = new List<SubscriptionItemChange>();
            var items = p.Array("items") ?? [];
            if (items.Count > Subscription.MaxItems)
                throw new StripeException(ErrorCatalog.NotSupported("items", $"a subscription has at most {Subscription.MaxItems} items."));
            for (var i = 0; i < items.Count; i++)
            {
                var prefix = $"items[{i}]";
                if (items[i] is not JsonObject item) throw new StripeException(ErrorCatalog.InvalidHash(prefix));
                RefuseItemKeys(item, prefix, UpdateItemParams);
                var line = new StripeParams(item);
                var itemId = NonEmpty(line.String("id"));
                var price = inlinePrices.GetValueOrDefault(i) ?? NonEmpty(line.String("price"));
                var deleted = line.Bool("deleted") == true;
                var quantity = line.Long("quantity");
                if (quantity < 0) throw new StripeException(ErrorCatalog.ValueNegative($"{prefix}[quantity]"));
                if (itemId is null && deleted) throw new StripeException(ErrorCatalog.MissingParameter($"{prefix}[id]"));
                if (itemId is null && price is null) throw new StripeException(ErrorCatalog.MissingParameter($"{prefix}[price]"));
                changes.Add(new SubscriptionItemChange(prefix, itemId, price, quantity, deleted, Metadata(line), inlinePrices.ContainsKey(i)));
            }
            itemChanges = new SubscriptionItemChanges(changes, ProrationBehaviorOf(p), p.Long("proration_date"), behavior, anchor);
        }
        var collection = p.String("collection_method");
        FieldChange<long?>? days = p.IsUnset("days_until_due") ? new(null) : p.Long("days_until_due") is { } d ? new(d) : null;
        if (days?.Value < 0) throw new StripeException(ErrorCatalog.ValueNegative("days_until_due"));
        return new UpdateSubscriptionCommand(
            id,
            DefaultPaymentMethodId: p.IsUnset("default_payment_method") ? new(null) : p.String("default_payment_method") is { } pm ? new(pm) : null,
            Metadata: Metadata(p),
            Description: p.IsUnset("description") ? new(null) : p.String("description") is { } text ? new(text) : null,
            CancelAtPeriodEnd: p.Bool("cancel_at_period_end"),
            CollectionMethod: collection,
            DaysUntilDue: days,
            PaymentSettings: PaymentSettingsPatch(p),
            Items: itemChanges,
            CancelAt: p.IsUnset("cancel_at") ? new(null) : CancelAt(p) is { } cancelAt ? new(cancelAt) : null,
            CancellationDetails: p.Nested("cancellation_details") is { } details
                ? new CancellationDetailsChange(Field(details, "comment"), Field(details, "feedback"))
                : null,
            Trial: Trial(p),
            Discounts: Invoices.InvoiceParams.Discounts(p),
            PauseCollection: p.IsUnset("pause_collection") ? new(null)
                : p.Nested("pause_collection") is { } pause
                    ? new(new PauseCollectionRequest(pause.String("behavior") ?? throw new StripeException(ErrorCatalog.MissingParameter("pause_collection[behavior]")),
                        pause.Long("resumes_at")))
                : null);

        // A key given sets it ("" clears it); a key left out leaves it as it is.
        static FieldChange<string>? Field(StripeParams details, string key) =>
            details.IsUnset(key) ? new(null) : details.String(key) is { Length: > 0 } value ? new(value) : null;
    }

    // ------------------------------------------------------------------ items

    /// <summary>Stripe's <c>proration_behavior</c> (the spec has checked the value); create_prorations by default.</summary>
    public static ProrationBehavior ProrationBehaviorOf(StripeParams p) => p.String("proration_behavior") switch
    {
        "none" => ProrationBehavior.None,
        "always_invoice" => ProrationBehavior.AlwaysInvoice,
        _ => ProrationBehavior.CreateProrations,
    };

    /// <summary>payment_behavior on a change that may invoice: pending_if_incomplete is not built (400 naming it).</summary>
    public static string UpdatePaymentBehavior(StripeParams p)
    {
        var behavior = p.String("payment_behavior") ?? PaymentBehaviors.AllowIncomplete;
        if (behavior == "pending_if_incomplete")
            throw new StripeException(ErrorCatalog.NotSupported("payment_behavior",
                "pending updates (applied only once their invoice is paid) are not built; use allow_incomplete, default_incomplete or error_if_incomplete."));
        return behavior;
    }

    /// <summary>Item keys outside <paramref name="built"/> are refused, naming them.</summary>
    public static void RefuseItemKeys(JsonObject item, string prefix, HashSet<string> built)
    {
        foreach (var key in item.Select(kv => kv.Key).Where(k => !built.Contains(k)))
            throw new StripeException(ErrorCatalog.NotSupported(prefix.Length == 0 ? key : $"{prefix}[{key}]", key switch
            {
                "plan" => "plans are prices here: pass the price.",
                "tax_rates" => "tax rates are not emulated.",
                "discounts" => Invoices.InvoiceParams.DiscountsNotApplied,
                "billing_thresholds" => "usage thresholds are not built.",
                _ => "not built yet.",
            }));
    }

    /// <summary>payment_settings as given (keys to set; "" unsets a key; <c>payment_settings=""</c> unsets all), or null.</summary>
    public static JsonObject? PaymentSettingsPatch(StripeParams p)
    {
        if (p.IsUnset("payment_settings")) return new JsonObject(PaymentSettingsParams.Select(k => KeyValuePair.Create(k, (JsonNode?)"")));
        if (p.Object("payment_settings") is not { } given) return null;
        foreach (var key in given.Select(kv => kv.Key).Where(k => !PaymentSettingsParams.Contains(k)))
            throw new StripeException(ErrorCatalog.NotSupported($"payment_settings[{key}]", key == "payment_method_options"
                ? "payment method options apply to payment methods Stripe charges; this server charges nothing."
                : "not built yet."));
        return given.DeepClone().AsObject();
    }

    // ------------------------------------------------------------------ cancel

    public static CancelSubscriptionCommand Cancel(StripeParams p, string id)
    {
        RefuseOthers(p.Values, ["cancellation_details", "invoice_now", "prorate", "expand"]);
        var details = p.Nested("cancellation_details");
        return new CancelSubscriptionCommand(id, NonEmpty(details?.String("comment")), NonEmpty(details?.String("feedback")),
            InvoiceNow: p.Bool("invoice_now") == true, Prorate: p.Bool("prorate") == true);
    }

    /// <summary>POST /v1/subscriptions/{id}/resume: billing_cycle_anchor (now, the default, or unchanged), proration_behavior, proration_date.</summary>
    public static ResumeSubscriptionCommand Resume(StripeParams p, string id)
    {
        RefuseOthers(p.Values, ["billing_cycle_anchor", "proration_behavior", "proration_date", "expand"]);
        return new ResumeSubscriptionCommand(id, AnchorNow: p.String("billing_cycle_anchor") != "unchanged",
            ProrationBehavior: ProrationBehaviorOf(p), ProrationDate: p.Long("proration_date"));
    }

    // ------------------------------------------------------------------ shared

    private static MetadataChange? Metadata(StripeParams p) => BillingParams.Metadata(p);

    private static string? NonEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    /// <summary>Any parameter outside <paramref name="built"/> is refused, naming it.</summary>
    public static void RefuseOthers(JsonObject values, HashSet<string> built)
    {
        foreach (var (key, _) in values)
        {
            if (built.Contains(key)) continue;
            throw new StripeException(ErrorCatalog.NotSupported(key, Why.GetValueOrDefault(key) ?? "not built yet."));
        }
    }
}
