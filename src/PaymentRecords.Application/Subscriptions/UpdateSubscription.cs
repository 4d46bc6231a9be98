using System.Text.Json.Nodes;
using PaymentRecords.Domain.Subscriptions;

namespace PaymentRecords.Application.Subscriptions;

/// <param name="DefaultPaymentMethodId">null: unchanged; <c>new(null)</c>: cleared.</param>
/// <param name="Description">null: unchanged; <c>new(null)</c>: cleared.</param>
/// <param name="DaysUntilDue">null: unchanged; <c>new(null)</c>: cleared.</param>
/// <param name="PaymentSettings">Keys of <c>payment_settings</c> to set ("" unsets one), or null: unchanged.</param>
public sealed record UpdateSubscriptionCommand(
    string SubscriptionId,
    FieldChange<string>? DefaultPaymentMethodId = null,
    MetadataChange? Metadata = null,
    FieldChange<string>? Description = null,
    bool? CancelAtPeriodEnd = null,
    string? CollectionMethod = null,
    FieldChange<long?>? DaysUntilDue = null,
    JsonObject? PaymentSettings = null);

/// <summary>
/// POST /v1/subscriptions/{id} for the fields that need no proration: default_payment_method (the customer's own),
/// metadata, description, cancel_at_period_end (the period end then cancels it: RenewSubscription),
/// collection_method with days_until_due, payment_settings. A canceled subscription is refused.
/// Event: <c>customer.subscription.updated</c> with the old values of what changed (none when nothing did).
/// </summary>
public sealed class UpdateSubscription(BillingContext billing)
{
    public async Task<Subscription> RunAsync(UpdateSubscriptionCommand command)
    {
        var store = billing.Subscriptions;
        var subscription = await store.LockAsync(command.SubscriptionId) ?? throw new NotFound("subscription", command.SubscriptionId);
        billing.BillFor(subscription.CustomerId);
        if (!SubscriptionStatusMachine.CanCancel(subscription.Status)) throw new SubscriptionRefused(SubscriptionRefusal.Ended, null, subscription.Id, subscription.Status.Wire());
        if (command.DefaultPaymentMethodId?.Value is { } pmId)
        {
            var pm = await store.PaymentMethodAsync(pmId) ?? throw new NotFound("PaymentMethod", pmId, "default_payment_method");
            if (pm.CustomerId != subscription.CustomerId) throw new SubscriptionRefused(SubscriptionRefusal.PaymentMethodNotAttached, "default_payment_method", pm.Id);
        }

        if (command.DaysUntilDue?.Value is not null && (command.CollectionMethod ?? subscription.CollectionMethod) != Subscription.SendInvoice)
            throw new SubscriptionRefused(SubscriptionRefusal.SendInvoiceOnly, "days_until_due");

        var change = await billing.Events.WatchSubscriptionAsync(subscription);
        if (command.DefaultPaymentMethodId is { } dpm) subscription.DefaultPaymentMethodId = dpm.Value;
        if (command.Metadata is { } metadata) subscription.Metadata = metadata.ApplyTo(subscription.Metadata);
        if (command.Description is { } description) subscription.Description = description.Value;
        if (command.CancelAtPeriodEnd is { } atPeriodEnd) subscription.CancelAtPeriodEnd = atPeriodEnd;
        if (command.CollectionMethod is { } method)
        {
            subscription.CollectionMethod = method;
            if (method == Subscription.ChargeAutomatically) subscription.DaysUntilDue = null;
        }
        if (command.DaysUntilDue is { } days) subscription.DaysUntilDue = days.Value;
        if (command.PaymentSettings is { } patch)
            subscription.Attributes[Subscription.PaymentSettingsKey] = ApplyPaymentSettings(subscription.Attributes[Subscription.PaymentSettingsKey] as JsonObject, patch);
        change.EmitIfChanged();
        return subscription;
    }

    /// <summary><paramref name="current"/> with the keys of <paramref name="patch"/> set ("" removes a key).</summary>
    public static JsonObject ApplyPaymentSettings(JsonObject? current, JsonObject patch)
    {
        var settings = current?.DeepClone().AsObject() ?? new JsonObject();
        foreach (var (key, value) in patch)
        {
            if (value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0) settings.Remove(key);
            else settings[key] = value?.DeepClone();
        }
        return settings;
    }
}

/// <param name="Comment">cancellation_details[comment].</param>
/// <param name="Feedback">cancellation_details[feedback].</param>
public sealed record CancelSubscriptionCommand(string SubscriptionId, string? Comment, string? Feedback);

/// <summary>
/// DELETE /v1/subscriptions/{id}: cancels now — status <c>canceled</c>, <c>canceled_at</c> = <c>ended_at</c> = now,
/// <c>cancellation_details.reason=cancellation_requested</c>. Its invoices are left as they are (Stripe leaves open
/// invoices open). A canceled subscription is refused. Event: <c>customer.subscription.deleted</c>.
/// </summary>
public sealed class CancelSubscription(BillingContext billing)
{
    public async Task<Subscription> RunAsync(CancelSubscriptionCommand command)
    {
        var subscription = await billing.Subscriptions.LockAsync(command.SubscriptionId) ?? throw new NotFound("subscription", command.SubscriptionId);
        billing.BillFor(subscription.CustomerId);
        if (!SubscriptionStatusMachine.CanCancel(subscription.Status)) throw new SubscriptionRefused(SubscriptionRefusal.Ended, null, subscription.Id, subscription.Status.Wire());
        subscription.Cancel(billing.Now, new JsonObject
        {
            ["comment"] = command.Comment,
            ["feedback"] = command.Feedback,
            ["reason"] = "cancellation_requested",
        });
        await billing.Events.SubscriptionAsync(BillingOutcome.SubscriptionCanceled, subscription);
        return subscription;
    }
}
