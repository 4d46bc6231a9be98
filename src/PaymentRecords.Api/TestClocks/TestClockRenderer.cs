using System.Text.Json.Nodes;
using PaymentRecords.Domain.TestClocks;

namespace PaymentRecords.Api.TestClocks;

/// <summary>A test clock as Stripe renders it (<c>object: "test_helpers.test_clock"</c>).</summary>
public static class TestClockRenderer
{
    public static JsonObject Render(TestClock clock) => new()
    {
        ["id"] = clock.Id,
        ["object"] = "test_helpers.test_clock",
        ["created"] = clock.Created,
        ["deletes_after"] = clock.DeletesAfter,
        ["frozen_time"] = clock.FrozenTime,
        ["livemode"] = false,
        ["name"] = clock.Name,
        ["status"] = clock.Status,
        ["status_details"] = clock.TargetFrozenTime is { } target
            ? new JsonObject { ["advancing"] = new JsonObject { ["target_frozen_time"] = target } }
            : new JsonObject(),
    };

    /// <summary>DELETE's answer.</summary>
    public static JsonObject Deleted(string id) => new()
    {
        ["id"] = id,
        ["object"] = "test_helpers.test_clock",
        ["deleted"] = true,
    };
}
