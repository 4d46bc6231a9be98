using System.Collections.Concurrent;

namespace PaymentRecords.Persistence;

/// <summary>
/// A process-wide memo of about <c>capacity</c> entries at most: emptied when it would grow past that, so a
/// long-running server's resident set stays bounded (issue 11). Its size is counted on the side, not read from the
/// dictionary: <see cref="ConcurrentDictionary{TKey,TValue}.Count"/> takes every one of the dictionary's locks, and
/// their number grows with it (up to 1,024); read on each customer create, it was 11% of the request's own CPU
/// (bench/README.md, "Issue 11, twelfth session"). The count is approximate under races: a key added by two threads
/// at once counts twice (the memo is emptied a little early), and a key whose thread was counted before an emptying
/// but wrote after it is not counted (the memo holds at most one entry more per thread until it is next emptied).
/// </summary>
public sealed class BoundedMemo<TKey, TValue>(int capacity) where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, TValue> _entries = new();
    private readonly Lock _emptying = new();
    private int _count;

    /// <summary>About how many entries are held.</summary>
    public int Count => Volatile.Read(ref _count);

    public bool TryGetValue(TKey key, out TValue value) => _entries.TryGetValue(key, out value!);

    public bool ContainsKey(TKey key) => _entries.ContainsKey(key);

    /// <summary>Sets the entry; a new key past the capacity first empties the memo.</summary>
    public void Set(TKey key, TValue value)
    {
        if (!_entries.ContainsKey(key) && Interlocked.Increment(ref _count) > capacity)
        {
            // One emptying at a time, and it takes off only what it saw counted: the keys other threads counted since
            // stay counted. (Resetting the count to 1 lost them: a thread preempted between the clear and the reset
            // let the memo hold many entries it did not count, until the next emptying.)
            lock (_emptying)
            {
                var seen = Volatile.Read(ref _count);
                if (seen > capacity)
                {
                    _entries.Clear();
                    Interlocked.Add(ref _count, 1 - seen);
                }
            }
        }
        _entries[key] = value;
    }

    public void Remove(TKey key)
    {
        if (_entries.TryRemove(key, out _)) Interlocked.Decrement(ref _count);
    }
}
