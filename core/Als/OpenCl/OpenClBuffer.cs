using Recommender.Core.Als.OpenCl.Native;

namespace Recommender.Core.Als.OpenCl;

/// <summary>A device buffer (cl_mem) and its size in bytes.</summary>
internal sealed class OpenClBuffer(ClMemHandle handle, long bytes) : IDisposable
{
    public ClMemHandle Handle { get; } = handle;

    public long Bytes { get; } = bytes;

    public void Dispose() => Handle.Dispose();
}
