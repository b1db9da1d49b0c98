namespace Recommender.Tests.Als.Gpu;

/// <summary>
/// Tests on ILGPU's CPU accelerator run one at a time and apart from other tests: its simulated threads wait on each
/// other at every group barrier, and two accelerators (or a busy suite) on the same cores slow each other down manyfold.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IlgpuCpuCollection
{
    public const string Name = "ILGPU CPU accelerator";
}
