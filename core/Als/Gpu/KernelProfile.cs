using System.Diagnostics;
using System.Text;
using ILGPU.Runtime;

namespace Recommender.Core.Als.Gpu;

/// <summary>
/// Wall time of each stage of a device half-iteration (Gram, row solves, NaN check), for <c>bench --kernel-profile</c>.
/// It waits for the device after every stage, so a profiled run is slightly slower than a plain one.
/// </summary>
internal sealed class KernelProfile(Accelerator accelerator)
{
    private readonly StringBuilder _line = new();
    private long _mark;

    /// <summary>Waits for the device and starts the clock of the next stage.</summary>
    public void Start()
    {
        accelerator.Synchronize();
        _line.Clear();
        _mark = Stopwatch.GetTimestamp();
    }

    /// <summary>Waits for the device and records the time since the last mark as <paramref name="stage"/>.</summary>
    public void Lap(string stage)
    {
        accelerator.Synchronize();
        long now = Stopwatch.GetTimestamp();
        double milliseconds = Stopwatch.GetElapsedTime(_mark, now).TotalMilliseconds;
        _line.Append(_line.Length == 0 ? string.Empty : ", ").Append(FormattableString.Invariant($"{stage} {milliseconds:F2} ms"));
        _mark = Stopwatch.GetTimestamp();
    }

    /// <summary>The stages recorded since <see cref="Start"/>, as one line.</summary>
    public override string ToString() => _line.ToString();
}
