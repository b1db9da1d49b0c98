using Recommender.Core.Als.Internals;

namespace Recommender.Tests.Als;

public class FactorKernelSetsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(32)]
    [InlineData(63)]
    [InlineData(65)]
    [InlineData(128)]
    public void Choose_GivesThePortableKernels_ForEveryWidthButSixtyFour_WhateverTheCpu(int factors)
    {
        Assert.Equal(FactorKernelSet.Portable, FactorKernelSets.Choose(factors, avx512F: true, avx2Fma: true));
        Assert.Equal(FactorKernelSet.Portable, FactorKernelSets.Choose(factors, avx512F: false, avx2Fma: true));
        Assert.Equal(FactorKernelSet.Portable, FactorKernelSets.Choose(factors, avx512F: false, avx2Fma: false));
        Assert.Equal(FactorKernelSet.Portable, FactorKernelSets.For(factors));
    }

    [Fact]
    public void Choose_PrefersAvx512_ThenAvx2Fma_ThenPortable_AtSixtyFourFactors()
    {
        Assert.Equal(FactorKernelSet.Vector512, FactorKernelSets.Choose(64, avx512F: true, avx2Fma: true));
        Assert.Equal(FactorKernelSet.Vector256, FactorKernelSets.Choose(64, avx512F: false, avx2Fma: true));
        Assert.Equal(FactorKernelSet.Portable, FactorKernelSets.Choose(64, avx512F: false, avx2Fma: false));
    }

    [Fact]
    public void EachKernelSet_HasItsOwnName()
    {
        string[] names = [.. Enum.GetValues<FactorKernelSet>().Select(FactorKernelSets.Name)];

        Assert.Equal(names.Length, names.Distinct().Count());
        Assert.Equal("vector256-avx2-fma", FactorKernelSets.Name(FactorKernelSet.Vector256));
    }
}
