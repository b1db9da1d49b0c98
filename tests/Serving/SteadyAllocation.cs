namespace Recommender.Tests.Serving;

/// <summary>
/// Bytes a loop allocates on this thread once warm. The runtime sometimes allocates once on the calling thread in the
/// middle of a loop (an <see cref="System.Buffers.ArrayPool{T}"/> bucket refilled after a trim, a few kilobytes); a
/// single round would then blame the code under test. The fewest bytes over several rounds ignores such one-off
/// events, while an allocation in every call shows in every round and still fails the caller's bound.
/// </summary>
internal static class SteadyAllocation
{
    public static long FewestBytes(int rounds, int callsPerRound, Action call)
    {
        long fewest = long.MaxValue;
        for (int round = 0; round < rounds; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int n = 0; n < callsPerRound; n++)
            {
                call();
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }
}
