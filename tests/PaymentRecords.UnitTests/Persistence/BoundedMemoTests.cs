using PaymentRecords.Persistence;

namespace PaymentRecords.UnitTests.Persistence;

/// <summary><see cref="BoundedMemo{TKey,TValue}"/>: bounded, counted on the side, and a replaced key is not counted again.</summary>
public sealed class BoundedMemoTests
{
    [Fact]
    public void Past_its_capacity_a_new_key_empties_it_and_is_kept()
    {
        var memo = new BoundedMemo<int, string>(3);
        for (var i = 0; i < 3; i++) memo.Set(i, $"v{i}");
        Assert.Equal(3, memo.Count);

        memo.Set(3, "v3");

        Assert.Equal(1, memo.Count);
        Assert.True(memo.TryGetValue(3, out var kept));
        Assert.Equal("v3", kept);
        Assert.False(memo.ContainsKey(0));
    }

    [Fact]
    public void Replacing_a_key_keeps_the_count_and_removing_one_lowers_it()
    {
        var memo = new BoundedMemo<string, int>(2);
        memo.Set("a", 1);
        memo.Set("a", 2);
        memo.Set("b", 1);
        Assert.Equal(2, memo.Count);
        Assert.True(memo.TryGetValue("a", out var a));
        Assert.Equal(2, a);

        memo.Remove("a");
        memo.Remove("a");
        memo.Set("c", 1);

        Assert.Equal(2, memo.Count);
        Assert.True(memo.ContainsKey("b"));
        Assert.True(memo.ContainsKey("c"));
    }

    [Fact]
    public void Many_threads_setting_at_once_leave_it_bounded()
    {
        var memo = new BoundedMemo<int, int>(100);
        const int threads = 4;
        Parallel.For(0, 20_000, new ParallelOptions { MaxDegreeOfParallelism = threads }, i => memo.Set(i, i));

        // A race can add one entry per thread beside an emptying; never more.
        const int slack = threads;
        var held = Enumerable.Range(0, 20_000).Count(memo.ContainsKey);
        Assert.InRange(held, 1, 100 + slack);
        Assert.InRange(memo.Count, 1, 100 + slack);
    }
}
