using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using PaymentRecords.Api.Events;
using PaymentRecords.Api.PaymentRecords;
using PaymentRecords.Api.Wire;
using PaymentRecords.Domain.PaymentRecords;
using PaymentRecords.Persistence;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.Api.Pipeline;

/// <summary>
/// An attempt as the API renders it, with the outcome its entity holds (the API's JSON has no status field) and the
/// refunds reported against it.
/// </summary>
public sealed record DashboardAttempt(JsonObject Json, string Outcome, long? OutcomeAt, IReadOnlyList<DashboardRefund> Refunds);

/// <summary>A refund reported with report_refund (Stripe returns the payment record, not a refund object).</summary>
public sealed record DashboardRefund(string Id, string PaymentRecordId, string PaymentAttemptRecordId, string RefundReference,
    long Amount, string Currency, long RefundedAt);

/// <summary>
/// The reads the dashboard needs that no API GET answers (Stripe has no list of payment records, of a record's reported
/// refunds, nor of an object's events). They are the Application read interfaces implemented in Persistence
/// (<see cref="EfPaymentRecordReads"/>, <see cref="EfEventReads"/>), account-scoped, rendered by the API's own renderers
/// (<see cref="PaymentRecordRenderer"/>, <see cref="EventRenderer"/>), so the fields are the API's. Each is one query
/// for any number of ids (no per-row read).
/// </summary>
public sealed class DashboardReads(PaymentRecordsDbContext db)
{
    /// <summary>A page of payment records (all, or one customer's), newest first, by the API's keyset paging; query: limit, starting_after, ending_before.</summary>
    public async Task<JsonObject> PaymentRecordsAsync(string accountId, string query, string? customerId = null)
    {
        var given = QueryHelpers.ParseQuery(query);
        var values = new JsonObject();
        if (given.TryGetValue("limit", out var limit) && long.TryParse(limit, out var n)) values["limit"] = n;
        foreach (var cursor in new[] { "starting_after", "ending_before" })
            if (given.TryGetValue(cursor, out var id)) values[cursor] = id.ToString();
        var (all, matching) = new EfPaymentRecordReads(db, accountId).List(customerId);
        var page = await Pagination.PageAsync(all, matching, new StripeParams(values), "payment_record");
        return Pagination.Envelope(page.Items.Select(PaymentRecordRenderer.Render), page.HasMore, "/dashboard/payment_records");
    }

    /// <summary>
    /// The record as GET /v1/payment_records/{id} renders it (the same read and renderer) and what is still refundable,
    /// by the domain's rule (<see cref="PaymentRecord.Refundable"/>, which report_refund enforces) over the same row; null
    /// when the account holds no such record.
    /// </summary>
    public async Task<(JsonObject Record, long Refundable)?> PaymentRecordAsync(string accountId, string id) =>
        await new EfPaymentRecordReads(db, accountId).FindAsync(id) is { } record ? (PaymentRecordRenderer.Render(record), record.Refundable) : null;

    /// <summary>The attempts of these records, newest first, each with its reported refunds: one query.</summary>
    public async Task<IReadOnlyList<DashboardAttempt>> AttemptsAsync(string accountId, IReadOnlyCollection<string> recordIds, int limit) =>
        [.. (await new EfPaymentRecordReads(db, accountId).AttemptsOfRecordsAsync(recordIds, limit)).Select(x =>
            new DashboardAttempt(PaymentRecordRenderer.RenderAttempt(x.Attempt), x.Attempt.Status.Wire(), x.Attempt.Status switch
            {
                AttemptStatus.Guaranteed => x.Attempt.GuaranteedAt,
                AttemptStatus.Failed => x.Attempt.FailedAt,
                AttemptStatus.Canceled => x.Attempt.CanceledAt,
                _ => x.Attempt.InitiatedAt,
            }, [.. x.Refunds.Select(r =>
                new DashboardRefund(r.Id, r.PaymentRecordId, r.PaymentAttemptRecordId, r.RefundReference, r.Amount, r.Currency, r.RefundedAt))]))];

    /// <summary>The refunds of these attempts, newest first.</summary>
    public static IReadOnlyList<DashboardRefund> RefundsOf(IEnumerable<DashboardAttempt> attempts) =>
        [.. attempts.SelectMany(a => a.Refunds).OrderByDescending(r => r.RefundedAt)];

    /// <summary>The events whose data.object is one of these objects, newest first, as GET /v1/events/{id} renders them.</summary>
    public async Task<IReadOnlyList<JsonObject>> EventsOfAsync(string accountId, IReadOnlyCollection<string> objectIds, int limit) =>
        [.. (await new EfEventReads(db, accountId).OfObjectsAsync(objectIds, limit)).Select(EventRenderer.Render)];
}
