namespace Recommender.Core.Als.Internals;

/// <summary>
/// A zeroed float buffer whose first element sits on a 64-byte boundary. A float[] starts wherever the GC puts it
/// (often 8 bytes past a cache line), so every 64-float factor row would straddle five cache lines and every 512-bit
/// load would split across two; aligned, a row is exactly four lines and no load splits. The array lives on the
/// pinned object heap, so the alignment holds for the buffer's life.
/// </summary>
internal sealed class AlignedFloats
{
    private const int AlignmentBytes = 64;

    private readonly float[] _array;
    private readonly int _offset;

    public AlignedFloats(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        int slack = AlignmentBytes / sizeof(float);
        _array = GC.AllocateArray<float>(checked(length + slack), pinned: true);
        _offset = OffsetToBoundary(_array);
        Length = length;
    }

    public int Length { get; }

    public Span<float> Span => _array.AsSpan(_offset, Length);

    public Memory<float> Memory => _array.AsMemory(_offset, Length);

    private static unsafe int OffsetToBoundary(float[] pinned)
    {
        fixed (float* start = pinned)
        {
            int misalignment = (int)((nuint)start % AlignmentBytes);
            return misalignment == 0 ? 0 : (AlignmentBytes - misalignment) / sizeof(float);
        }
    }
}
