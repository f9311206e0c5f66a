// override
