namespace MaskingProxy.SqlRewriter;
