using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Recommender.Core.Als.Internals;

/// <summary>
/// What the 64-factor sparse passes of both vector widths share: the batch of nonzeros reduced together, the padded
/// last batch, and the factor-row prefetch.
/// </summary>
internal static class SparseBatches
{
    /// <summary>Nonzeros whose dot products are reduced together.</summary>
    public const int Size = 8;

    /// <summary>Nonzeros ahead of the current one whose factor row is prefetched.</summary>
    public const int PrefetchDistance = 8;

    /// <summary>Rows longer than this (1 MB of factors at f = 64) are prefetched in every pass, not just the first.</summary>
    public const int PrefetchLongRows = 4096;

    /// <summary>
    /// The factor rows are scattered over a matrix larger than the caches (the user side is 35 MB at 138,000 x 64), so
    /// rows are prefetched several nonzeros ahead and their misses overlap a batch's arithmetic. Only the first pass over
    /// a row (the residual) misses; the CG passes after it find a short row's factors in L1/L2, where the prefetch
    /// instructions would only compete with the loads, unless the row is too long to stay there.
    /// </summary>
    public static bool Prefetches(bool residual, int count) => Sse.IsSupported && (residual || count > PrefetchLongRows);

    /// <summary>
    /// Fills a batch for the last <c>count % Size</c> nonzeros: their columns and confidences, then copies of the first
    /// one with confidence 0, whose products are computed and dropped. Done before the loop, because a call inside it
    /// would make the JIT spill the vector registers.
    /// </summary>
    public static void PadTail(ReadOnlySpan<int> columns, ReadOnlySpan<float> cm1, Span<int> tailColumns, Span<float> tailConfidences)
    {
        int count = columns.Length;
        int tail = count % Size;
        if (tail == 0)
        {
            return;
        }

        tailColumns.Fill(columns[count - tail]);
        tailConfidences.Clear();
        columns[(count - tail)..].CopyTo(tailColumns);
        cm1.Slice(count - tail, tail).CopyTo(tailConfidences);
    }

    /// <summary>Prefetches the 64-float row at <paramref name="row"/> into all cache levels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Prefetch(ref float row)
    {
        // A prefetch never faults, so an address the GC has just made stale costs nothing but a wasted hint. The fitter's
        // factor rows start on cache lines, so a 256-byte row is exactly these four lines.
        byte* at = (byte*)Unsafe.AsPointer(ref row);
        Sse.Prefetch0(at);
        Sse.Prefetch0(at + 64);
        Sse.Prefetch0(at + 128);
        Sse.Prefetch0(at + 192);
    }
}
