using System.Text.Json.Nodes;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using PaymentRecords.Api.Wire.Spec;
using PaymentRecords.Api.Billing;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.Api.PaymentRecords;

/// <summary>
/// Payment attempt records (<c>par_…</c>): read-only, one per attempt of a payment record. The routes are not in
/// the spec file; their parameters are declared in <see cref="SupplementaryOperations"/>.
/// </summary>
public static class PaymentAttemptRecordsApi
{
    public static readonly ObjectExpansions Expansions = new("payment_attempt_record", PaymentRecordsApi.NotHeldPaymentMethodPaths);

    private const string Tag = "Payment Attempt Records";

    public static IEndpointRouteBuilder MapPaymentAttemptRecords(this IEndpointRouteBuilder app)
    {
        app.MapStripe("GET", "/v1/payment_attempt_records", SupplementaryOperations.GetPaymentAttemptRecords,
            "payment_attempt_record", List, isList: true).WithTags(Tag);
        app.MapStripe("GET", "/v1/payment_attempt_records/{id}", SupplementaryOperations.GetPaymentAttemptRecordsId,
            "payment_attempt_record", Retrieve).WithTags(Tag);
        return app;
    }

    public static async Task<JsonObject?> LoadAsync(RequestScope s, string id)
    {
        var attempt = await new EfPaymentRecordReads(s.Db, s.AccountId).FindAttemptAsync(id);
        return attempt is null ? null : PaymentRecordRenderer.RenderAttempt(attempt);
    }

    private static async Task<JsonObject> Retrieve(RequestScope s)
    {
        var id = s.Route("id");
        var attempt = await LoadAsync(s, id) ?? throw new StripeException(ErrorCatalog.NoSuch("payment_attempt_record", id, "id"));
        return await s.ExpandAsync(attempt, "payment_attempt_record");
    }

    /// <summary>The attempts of one payment record (required; unknown → 404 on payment_record), newest first.</summary>
    private static async Task<JsonObject> List(RequestScope s)
    {
        var p = s.Params;
        var recordId = p.String("payment_record")!;
        var (all, query) = await ApplicationErrors.MapAsync(() => new EfPaymentRecordReads(s.Db, s.AccountId).ListAttemptsAsync(recordId));
        var page = await Pagination.PageAsync(all, query, p, "payment_attempt_record");
        var list = Pagination.Envelope(page.Items.Select(PaymentRecordRenderer.RenderAttempt), page.HasMore, "/v1/payment_attempt_records");
        await s.Expansions.ApplyToListAsync(s, list, "payment_attempt_record", s.Expand.Child("data") ?? ExpandTree.Empty);
        return list;
    }
}
