using System.Buffers;
using Recommender.Core.Serving;

namespace Recommender.Core.Rules;

/// <summary>
/// An <see cref="ItemFilter"/> resolved against one model for one request: item indices (blocked items, dislikes) and,
/// with a genre filter, the removed items as bits from the shared pool, given back on <see cref="Dispose"/>.
/// </summary>
public sealed class ResolvedItemFilter : IDisposable
{
    private readonly int[] _indices;
    private readonly int _words;
    private ulong[]? _bits;

    internal ResolvedItemFilter(int[] indices, ulong[]? bits, int words)
    {
        _indices = indices;
        _bits = bits;
        _words = words;
    }

    /// <summary>Excluded items by index: the model's blocked items, then the caller's own exclusions.</summary>
    public IReadOnlyList<int> Indices => _indices;

    /// <summary>The exclusions as the engine takes them.</summary>
    public ExcludedItems Items
    {
        get
        {
            ObjectDisposedException.ThrowIf(_bits is null && _words > 0, this);
            return new ExcludedItems(_indices, _bits is null ? [] : _bits.AsSpan(0, _words));
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _bits, null) is { } bits)
        {
            ArrayPool<ulong>.Shared.Return(bits);
        }
    }
}
