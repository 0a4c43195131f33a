-- Folds text for search so that "İstanbul", "istanbul" and "ISTANBUL" match, and "canta" finds "çanta".
-- Turkish letters (and common Latin accents) are mapped before lower(), which then only needs ASCII,
-- so the result is the same whatever the database's collation.
CREATE OR REPLACE FUNCTION store_fold(input text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT lower(translate(input,
    'ÇĞİIÖŞÜÂÎÛçğıöşüâîûÉéÈèÊêËëÀàÁáÄäÅåÑñÓóÒòÔôÕõÍíÌìÏïÚúÙùÝý',
    'CGIIOSUAIUcgiosuaiuEeEeEeEeAaAaAaAaNnOoOoOoOoIiIiIiUuUuYy'))
$$;
