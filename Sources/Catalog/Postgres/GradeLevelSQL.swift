/// `GradeLevel.parse` as a PostgreSQL function, so `library search --grade 4` finds
/// "4", "4th" and "Grade 4" on PostgreSQL as it does on SQLite. It follows the Swift
/// rule step by step (named grades, one "grade"/"gr." prefix, one ordinal suffix,
/// 1 to 12); keep the two together. No `?` in the body: the placeholder numbering
/// (PostgresSQL.numbered) does not know dollar quoting.
enum GradeLevelSQL {
    static let function = #"""
        CREATE OR REPLACE FUNCTION clipcoach_grade_level(grade TEXT) RETURNS BIGINT
        LANGUAGE plpgsql IMMUTABLE AS $body$
        DECLARE
            word TEXT := lower(btrim(grade, E' \t\n\r\f'));
        BEGIN
            IF word IS NULL OR word = '' THEN RETURN NULL; END IF;
            FOR attempt IN 1..2 LOOP
                CASE word
                    WHEN 'k', 'kindergarten' THEN RETURN 0;
                    WHEN 'pk', 'pre-k', 'prek', 'pre-kindergarten' THEN RETURN -1;
                    WHEN 'algebra i', 'algebra 1' THEN RETURN 9;
                    WHEN 'geometry' THEN RETURN 10;
                    WHEN 'algebra ii', 'algebra 2' THEN RETURN 11;
                    ELSE NULL;
                END CASE;
                EXIT WHEN attempt = 2;
                IF left(word, 6) = 'grade ' THEN word := substr(word, 7);
                ELSIF left(word, 5) = 'grade' THEN word := substr(word, 6);
                ELSIF left(word, 4) = 'gr. ' THEN word := substr(word, 5);
                ELSIF left(word, 3) = 'gr.' THEN word := substr(word, 4);
                ELSIF left(word, 3) = 'gr ' THEN word := substr(word, 4);
                ELSE EXIT;
                END IF;
                word := btrim(word, E' \t');
            END LOOP;
            IF right(word, 2) IN ('st', 'nd', 'rd', 'th') THEN word := left(word, length(word) - 2); END IF;
            IF word !~ '^[0-9]+$' THEN RETURN NULL; END IF;
            IF word::NUMERIC BETWEEN 1 AND 12 THEN RETURN word::BIGINT; END IF;
            RETURN NULL;
        END
        $body$
        """#
}
