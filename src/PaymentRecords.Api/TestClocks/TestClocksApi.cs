using System.Text.Json.Nodes;
using PaymentRecords.Api.Billing;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using PaymentRecords.Api.Wire.Spec;
using PaymentRecords.Application.TestClocks;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.Api.TestClocks;

/// <summary>
/// /v1/test_helpers/test_clocks: create, retrieve, list, delete, advance (docs/endpoints-test-clocks.md). The use cases
/// are in Application/TestClocks; the advance itself runs in the scheduler (Api/Scheduling/DueWorkScheduler.cs).
/// </summary>
public static class TestClocksApi
{
    private const string Tag = "Test clocks";
    private const string ObjectType = "test_helpers.test_clock";

    public static readonly ObjectExpansions Expansions = new(ObjectType, new Dictionary<string, string?>());

    public static IEndpointRouteBuilder MapTestClocks(this IEndpointRouteBuilder app)
    {
        app.MapStripe("POST", "/v1/test_helpers/test_clocks", StripeOperations.PostTestHelpersTestClocks, ObjectType, Create).WithTags(Tag);
        app.MapStripe("GET", "/v1/test_helpers/test_clocks", StripeOperations.GetTestHelpersTestClocks, ObjectType, List, isList: true).WithTags(Tag);
        app.MapStripe("GET", "/v1/test_helpers/test_clocks/{test_clock}", StripeOperations.GetTestHelpersTestClocksTestClock, ObjectType, Retrieve).WithTags(Tag);
        app.MapStripe("DELETE", "/v1/test_helpers/test_clocks/{test_clock}", StripeOperations.DeleteTestHelpersTestClocksTestClock, ObjectType, Delete).WithTags(Tag);
        app.MapStripe("POST", "/v1/test_helpers/test_clocks/{test_clock}/advance", StripeOperations.PostTestHelpersTestClocksTestClockAdvance, ObjectType, Advance).WithTags(Tag);
        return app;
    }

    private static EfTestClockStore Store(RequestScope s) => new(s.Db, s.AccountId);

    /// <summary>Expansion loader.</summary>
    public static async Task<JsonObject?> LoadAsync(RequestScope s, string id) =>
        await Store(s).FindAsync(id) is { } clock ? TestClockRenderer.Render(clock) : null;

    private static async Task<JsonObject> Create(RequestScope s)
    {
        var command = new CreateTestClockCommand(s.Params.Long("frozen_time")!.Value, s.Params.String("name"));
        var billing = new RequestBilling(s);
        var clock = await billing.RunAsync(b => new CreateTestClock(b).RunAsync(command), Refusal);
        return await s.ExpandAsync(billing.Rendered(clock), ObjectType);
    }

    private static async Task<JsonObject> Retrieve(RequestScope s)
    {
        var id = s.Route("test_clock");
        var rendered = await LoadAsync(s, id) ?? throw new StripeException(NotHeldObjects.Missing(NotHeldObjects.TestClock, id, "test_clock"));
        return await s.ExpandAsync(rendered, ObjectType);
    }

    private static async Task<JsonObject> Delete(RequestScope s)
    {
        var id = s.Route("test_clock");
        var billing = new RequestBilling(s);
        var clock = await billing.RunAsync(b => new DeleteTestClock(b).RunAsync(id), Refusal);
        return TestClockRenderer.Deleted(clock.Id);
    }

    private static async Task<JsonObject> Advance(RequestScope s)
    {
        var id = s.Route("test_clock");
        var frozenTime = s.Params.Long("frozen_time")!.Value;
        var billing = new RequestBilling(s);
        var clock = await billing.RunAsync(b => new AdvanceTestClock(b).RunAsync(id, frozenTime), Refusal);
        return await s.ExpandAsync(billing.Rendered(clock), ObjectType);
    }

    private static async Task<JsonObject> List(RequestScope s)
    {
        var all = Store(s).All();
        var page = await Pagination.PageAsync(all, all, s.Params, ObjectType);
        return Pagination.Envelope(page.Items.Select(TestClockRenderer.Render), page.HasMore, "/v1/test_helpers/test_clocks");
    }

    /// <summary>The test clock refusals as Stripe's errors (customer and subscription creates use it for the clock's limits).</summary>
    internal static StripeError? Refusal(Exception e) => e switch
    {
        TestClockRefused { Reason: TestClockRefusal.NotAfterFrozenTime } => TestClockErrors.TestClockNotAfter(),
        TestClockRefused { Reason: TestClockRefusal.BeyondLimit } r => TestClockErrors.TestClockBeyondLimit(r.Limit),
        TestClockRefused { Reason: TestClockRefusal.NotReady } => TestClockErrors.TestClockNotReady(),
        TestClockRefused { Reason: TestClockRefusal.TooManyCustomers } r => TestClockErrors.TestClockTooManyCustomers(r.Id!, r.Limit),
        TestClockRefused { Reason: TestClockRefusal.TooManySubscriptions } r => TestClockErrors.TestClockTooManySubscriptions(r.Id!, r.Limit),
        _ => null,
    };
}
