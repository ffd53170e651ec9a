namespace EdgeMx.Hal.Crypto.SelfTest;

/// <summary>The outcome of one algorithm's known-answer test on one provider.</summary>
public sealed record AlgorithmSelfTest(CryptoAlgorithm Algorithm, bool Passed, string? Failure);
