using System.Text.Json.Nodes;

namespace PaymentRecords.Api.Hosting;

/// <summary>
/// <c>GET /_diagnostics/allocations</c>: the bytes the process has allocated since it started (every thread,
/// <see cref="GC.GetTotalAllocatedBytes(bool)"/>, precise) and its garbage collections, so a benchmark can divide the
/// difference over a run by its requests (<c>bench/PaymentRecords.Bench</c>, <c>alloc</c>). Mapped only when
/// configuration sets <c>PaymentRecords:ExposeAllocations=true</c>: a diagnostic, never part of the Stripe API.
/// </summary>
public static class AllocationProbe
{
    public const string Path = "/_diagnostics/allocations";
    public const string Setting = "PaymentRecords:ExposeAllocations";

    public static void MapAllocationProbe(this WebApplication app)
    {
        if (!app.Configuration.GetValue<bool>(Setting)) return;
        app.MapGet(Path, () => Results.Text(Snapshot().ToJsonString(), "application/json")).ExcludeFromDescription();
    }

    private static JsonObject Snapshot()
    {
        // The last collection's view of the managed heap: what it held and what it kept committed (the GC's share of
        // the resident set, bench/scripts/peak-rss.sh).
        var gc = GC.GetGCMemoryInfo();
        return new JsonObject
        {
            ["allocated_bytes"] = GC.GetTotalAllocatedBytes(precise: true),
            ["gen0_collections"] = GC.CollectionCount(0),
            ["gen1_collections"] = GC.CollectionCount(1),
            ["gen2_collections"] = GC.CollectionCount(2),
            ["gc_heap_size_bytes"] = gc.HeapSizeBytes,
            ["gc_committed_bytes"] = gc.TotalCommittedBytes,
            ["gc_fragmented_bytes"] = gc.FragmentedBytes,
            ["working_set_bytes"] = Environment.WorkingSet,
        };
    }
}
